/* The loyalty engine's C ABI: JSON in, JSON out, for POS systems written in
   any language. No exception crosses it; every call returns a status.
   Strings returned by the library are freed with loyalty_free. */
#ifndef LOYALTY_H
#define LOYALTY_H

#include <stddef.h>

/* The functions libloyalty.so exports (it hides every other symbol). */
#if defined(__GNUC__) || defined(__clang__)
#define LOYALTY_API __attribute__((visibility("default")))
#else
#define LOYALTY_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef struct loyalty_policy loyalty_policy;

typedef enum loyalty_status {
  LOYALTY_OK = 0,        /* a decision */
  LOYALTY_REFUSED = 1,   /* a business refusal, e.g. insufficient points: {"error": {...}} */
  LOYALTY_BAD_INPUT = 2, /* malformed request or policy: {"error": {...}} or diagnostics */
  LOYALTY_INTERNAL = 3   /* a bug: please report */
} loyalty_status;

/* Options, or-ed together; 0 is the default of each. */
enum {
  LOYALTY_NO_TRACE = 1,        /* evaluate: leave the decision's "trace" empty (about 3x faster) */
  LOYALTY_DIAGNOSTICS_JSON = 2, /* compile: diagnostics as {"diagnostics": [...]} instead of text */
  LOYALTY_JOURNAL = 4           /* evaluate: add the decision's "journal" (every change to the member) */
};

/* Compiles a policy. On success *policy is set and *diagnostics may hold
   warnings (or NULL); on failure *policy is NULL and *diagnostics holds the
   errors (as text, or JSON with LOYALTY_DIAGNOSTICS_JSON). Free both. */
LOYALTY_API loyalty_status loyalty_compile(const char* name, const char* text, size_t length, loyalty_policy** policy,
                                           char** diagnostics);
LOYALTY_API loyalty_status loyalty_compile_with(const char* name, const char* text, size_t length, unsigned options,
                                                loyalty_policy** policy, char** diagnostics);

/* Evaluates one request ({"member", "order", "redeem"}) and sets *out to the
   decision or the error as JSON (NUL-terminated). Thread-safe. The status
   follows the refusal's channel: LOYALTY_REFUSED for a business refusal,
   LOYALTY_BAD_INPUT for a malformed request. */
LOYALTY_API loyalty_status loyalty_evaluate(const loyalty_policy* policy, const char* request, size_t length, char** out);
LOYALTY_API loyalty_status loyalty_evaluate_with(const loyalty_policy* policy, const char* request, size_t length,
                                                 unsigned options, char** out);

LOYALTY_API void loyalty_policy_free(loyalty_policy* policy);
LOYALTY_API void loyalty_free(char* text);

#ifdef __cplusplus
}
#endif

#endif
