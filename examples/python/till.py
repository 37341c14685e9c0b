"""A till in Python: loads libloyalty.so (the C ABI, loyalty.h) through
ctypes, compiles a policy once and evaluates order requests against it.

    python3 till.py LIBLOYALTY.so POLICY.loy REQUEST.json...

Prints each decision's points and the member's new balance and tier; exits
1 if a request was refused, 2 on bad input.
"""
import ctypes
import json
import sys
from ctypes import POINTER, c_char_p, c_int, c_size_t, c_uint, c_void_p

LOYALTY_OK, LOYALTY_REFUSED, LOYALTY_BAD_INPUT = 0, 1, 2
LOYALTY_NO_TRACE, LOYALTY_DIAGNOSTICS_JSON = 1, 2


class Engine:
    """One compiled policy; evaluate() is safe from several threads."""

    def __init__(self, library, name, text):
        lib = ctypes.CDLL(library)
        lib.loyalty_compile_with.argtypes = [c_char_p, c_char_p, c_size_t, c_uint, POINTER(c_void_p), POINTER(c_void_p)]
        lib.loyalty_compile_with.restype = c_int
        lib.loyalty_evaluate_with.argtypes = [c_void_p, c_char_p, c_size_t, c_uint, POINTER(c_void_p)]
        lib.loyalty_evaluate_with.restype = c_int
        lib.loyalty_free.argtypes = [c_void_p]
        lib.loyalty_policy_free.argtypes = [c_void_p]
        self.lib = lib
        policy, diagnostics = c_void_p(), c_void_p()
        data = text.encode("utf-8")
        status = lib.loyalty_compile_with(name.encode("utf-8"), data, len(data), LOYALTY_DIAGNOSTICS_JSON,
                                          ctypes.byref(policy), ctypes.byref(diagnostics))
        report = self._take(diagnostics)
        if status != LOYALTY_OK:
            raise ValueError(json.loads(report)["diagnostics"])
        self.policy = policy

    def _take(self, pointer):
        """The library's string as Python text, freed with loyalty_free."""
        if not pointer.value:
            return None
        text = ctypes.string_at(pointer.value).decode("utf-8")
        self.lib.loyalty_free(pointer)
        return text

    def evaluate(self, request, trace=True):
        """(status, decision or {"error": ...}) for one request (a dict)."""
        data = json.dumps(request).encode("utf-8")
        out = c_void_p()
        status = self.lib.loyalty_evaluate_with(self.policy, data, len(data), 0 if trace else LOYALTY_NO_TRACE,
                                                ctypes.byref(out))
        return status, json.loads(self._take(out))

    def close(self):
        self.lib.loyalty_policy_free(self.policy)
        self.policy = None


def main(argv):
    if len(argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[2], encoding="utf-8") as f:
        engine = Engine(argv[1], argv[2], f.read())
    worst = LOYALTY_OK
    for path in argv[3:]:
        with open(path, encoding="utf-8") as f:
            request = json.load(f)
        status, result = engine.evaluate(request, trace=False)
        if status == LOYALTY_OK:
            member = result["member"]
            print(f"{path}: earned {result['earned']}, paid {result['paid']}, balance {member['points']}, "
                  f"tier {result['tier_before']} -> {result['tier_after']}")
        else:
            print(f"{path}: refused ({result['error']['code']}): {result['error']['message']}")
        worst = max(worst, status)
    engine.close()
    return worst


if __name__ == "__main__":
    sys.exit(main(sys.argv))
