/* The loyalty engine's C ABI: JSON in, JSON out, for POS systems written in
   any language. No exception crosses it; every call returns a status.
   Strings returned by the library are freed with loyalty_free. */
#ifndef LOYALTY_H
#define LOYALTY_H

#include <stddef.h>

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

/* Compiles a policy. On success *policy is set and *diagnostics may hold
   warnings (or NULL); on failure *policy is NULL and *diagnostics holds the
   errors as text. Free both. */
loyalty_status loyalty_compile(const char* name, const char* text, size_t length, loyalty_policy** policy, char** diagnostics);

/* Evaluates one request ({"member", "order", "redeem"}) and sets *out to the
   decision or the error as JSON (NUL-terminated). Thread-safe. */
loyalty_status loyalty_evaluate(const loyalty_policy* policy, const char* request, size_t length, char** out);

void loyalty_policy_free(loyalty_policy* policy);
void loyalty_free(char* text);

#ifdef __cplusplus
}
#endif

#endif
