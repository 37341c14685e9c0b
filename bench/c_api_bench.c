/* What one call through the C ABI costs: a 2-line and a 6-line order,
   with and without the trace, through libloyalty.so. Prints
   `lines trace us_per_call` rows. Compiled as C. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "loyalty/loyalty.h"

static const char* policy_text =
    "policy \"Bench\" {\n  currency VND\n  earn 1 point per 10_000\n"
    "  rule coffee on category \"Drinks\" { earn 2 points per unit }\n"
    "  rule beans on product \"B1\" exclusive { earn 5 points per unit }\n}\n";

static double seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void request(char* out, size_t size, int lines) {
  int n = snprintf(out, size,
                   "{\"member\": {\"id\": \"M1\", \"points\": \"100\"}, \"order\": {\"id\": \"O1\", "
                   "\"at\": \"2026-03-01T10:00:00+07:00\", \"lines\": [");
  for (int i = 0; i < lines; ++i) {
    n += snprintf(out + n, size - (size_t)n, "%s{\"sku\": \"%s\", \"category\": \"Drinks/Coffee\", \"qty\": 2, \"price\": 45000}",
                  i ? ", " : "", i % 3 == 0 ? "B1" : "CF01");
  }
  snprintf(out + n, size - (size_t)n, "]}}");
}

int main(void) {
  loyalty_policy* policy = NULL;
  char* diagnostics = NULL;
  if (loyalty_compile("bench.loy", policy_text, strlen(policy_text), &policy, &diagnostics) != LOYALTY_OK) {
    fprintf(stderr, "%s", diagnostics ? diagnostics : "compile failed\n");
    return 1;
  }
  const int sizes[] = {2, 6};
  char text[4096];
  for (int s = 0; s < 2; ++s) {
    request(text, sizeof text, sizes[s]);
    for (int trace = 1; trace >= 0; --trace) {
      const int calls = 20000;
      const double start = seconds();
      for (int i = 0; i < calls; ++i) {
        char* out = NULL;
        if (loyalty_evaluate_with(policy, text, strlen(text), trace ? 0u : (unsigned)LOYALTY_NO_TRACE, &out) != LOYALTY_OK)
          return 1;
        loyalty_free(out);
      }
      printf("lines %d trace %s us_per_call %.1f\n", sizes[s], trace ? "on" : "off", (seconds() - start) / calls * 1e6);
    }
  }
  loyalty_policy_free(policy);
  return 0;
}
