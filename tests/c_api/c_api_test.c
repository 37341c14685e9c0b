/* The C ABI, used from C: compile a policy, evaluate a request, read a
   refusal, and see a malformed policy rejected with diagnostics. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loyalty/loyalty.h"

static int failures = 0;
#define EXPECT(cond)                                                     \
  do {                                                                   \
    if (!(cond)) {                                                       \
      fprintf(stderr, "%s:%d: failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                        \
    }                                                                    \
  } while (0)

static char* read_all(const char* path, size_t* length) {
  FILE* f = fopen(path, "rb");
  char* text;
  long n;
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  n = ftell(f);
  fseek(f, 0, SEEK_SET);
  text = malloc((size_t)n + 1);
  if (text && fread(text, 1, (size_t)n, f) != (size_t)n) n = 0;
  if (text) text[n] = '\0';
  fclose(f);
  *length = (size_t)n;
  return text;
}

int main(int argc, char** argv) {
  size_t length = 0;
  char* text;
  loyalty_policy* policy = NULL;
  char* diagnostics = NULL;
  char* out = NULL;
  const char* discount_too_big =
      "{\"member\": {\"id\": \"M\"}, \"order\": {\"id\": \"O\", \"at\": \"2026-03-01T10:00:00+07:00\", "
      "\"discount\": 500, \"lines\": [{\"sku\": \"A\", \"qty\": 1, \"price\": 100}]}}";
  const char* request =
      "{\"member\": {\"id\": \"M1\", \"tier\": \"FOODBOOK\", \"points\": \"1000\"},"
      " \"order\": {\"id\": \"O1\", \"at\": \"2026-03-01T10:00:00+07:00\","
      " \"lines\": [{\"sku\": \"CF01\", \"category\": \"Drinks/Coffee\", \"qty\": 2, \"price\": \"50000\"}]},"
      " \"redeem\": [{\"reward\": \"V50\", \"qty\": 1}]}";
  const char* too_much =
      "{\"member\": {\"id\": \"M1\", \"points\": \"10\"}, \"order\": {\"id\": \"O1\","
      " \"at\": \"2026-03-01T10:00:00+07:00\", \"lines\": []}, \"redeem\": [{\"reward\": \"V50\"}]}";
  if (argc < 2) return 2;
  text = read_all(argv[1], &length);
  EXPECT(text != NULL);
  if (!text) return 1;

  EXPECT(loyalty_compile(argv[1], text, length, &policy, &diagnostics) == LOYALTY_OK);
  EXPECT(policy != NULL);
  loyalty_free(diagnostics);

  /* 100,000 - 50,000 voucher = 50,000 paid; 5% = 2,500 points; 1,000 - 500 + 2,500 = 3,000 */
  EXPECT(loyalty_evaluate(policy, request, strlen(request), &out) == LOYALTY_OK);
  EXPECT(out && strstr(out, "\"earned\": \"2500\"") != NULL);
  EXPECT(out && strstr(out, "\"points\": \"3000\"") != NULL);
  loyalty_free(out);

  EXPECT(loyalty_evaluate(policy, too_much, strlen(too_much), &out) == LOYALTY_REFUSED);
  EXPECT(out && strstr(out, "insufficient-points") != NULL);
  loyalty_free(out);

  EXPECT(loyalty_evaluate(policy, "{not json", 9, &out) == LOYALTY_BAD_INPUT);
  EXPECT(out && strstr(out, "\"error\"") != NULL);
  loyalty_free(out);

  /* Bad input found while evaluating (a discount above the total) is bad input too. */
  EXPECT(loyalty_evaluate(policy, discount_too_big, strlen(discount_too_big), &out) == LOYALTY_BAD_INPUT);
  EXPECT(out && strstr(out, "bad-input") != NULL);
  loyalty_free(out);
  /* Without a trace, the same figures and an empty trace. */
  EXPECT(loyalty_evaluate_with(policy, request, strlen(request), LOYALTY_NO_TRACE, &out) == LOYALTY_OK);
  EXPECT(out && strstr(out, "\"trace\": []") != NULL && strstr(out, "\"points\": \"3000\"") != NULL);
  EXPECT(out && strstr(out, "\"journal\"") == NULL);
  loyalty_free(out);
  /* With the journal: every change to the member. */
  EXPECT(loyalty_evaluate_with(policy, request, strlen(request), LOYALTY_JOURNAL, &out) == LOYALTY_OK);
  EXPECT(out && strstr(out, "\"journal\"") != NULL && strstr(out, "\"kind\": \"earn\"") != NULL);
  loyalty_free(out);
  loyalty_policy_free(policy);

  /* Diagnostics as JSON on request. */
  policy = NULL;
  EXPECT(loyalty_compile_with("bad.loy", "policy \"x\" { earn }", 19, LOYALTY_DIAGNOSTICS_JSON, &policy, &diagnostics) ==
         LOYALTY_BAD_INPUT);
  EXPECT(policy == NULL);
  EXPECT(diagnostics && strncmp(diagnostics, "{", 1) == 0 && strstr(diagnostics, "\"code\": \"syntax-error\"") != NULL);
  loyalty_free(diagnostics);

  policy = NULL;
  EXPECT(loyalty_compile("bad.loy", "policy \"x\" { earn }", 19, &policy, &diagnostics) == LOYALTY_BAD_INPUT);
  EXPECT(policy == NULL);
  EXPECT(diagnostics && strstr(diagnostics, "bad.loy:1:") != NULL);
  loyalty_free(diagnostics);
  free(text);

  printf("%d passed, %d failed\n", failures ? 0 : 1, failures ? 1 : 0);
  return failures ? 1 : 0;
}
