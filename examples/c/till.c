/* A till written in C, through the C ABI: compile the policy once, then send
   each order request as JSON and print the decision.
     c_till POLICY.loy REQUEST.json */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loyalty/loyalty.h"

static char* slurp(const char* path, size_t* length) {
  FILE* f = fopen(path, "rb");
  char* text;
  long n;
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  n = ftell(f);
  rewind(f);
  text = malloc((size_t)n + 1);
  if (text && fread(text, 1, (size_t)n, f) != (size_t)n) n = 0;
  if (text) text[n] = '\0';
  fclose(f);
  *length = (size_t)n;
  return text;
}

int main(int argc, char** argv) {
  size_t policy_len = 0, request_len = 0;
  char *policy_text, *request, *diagnostics = NULL, *decision = NULL;
  loyalty_policy* policy = NULL;
  loyalty_status status;
  if (argc != 3) {
    fprintf(stderr, "usage: c_till POLICY.loy REQUEST.json\n");
    return 2;
  }
  policy_text = slurp(argv[1], &policy_len);
  request = slurp(argv[2], &request_len);
  if (!policy_text || !request) return 2;
  if (loyalty_compile(argv[1], policy_text, policy_len, &policy, &diagnostics) != LOYALTY_OK) {
    fprintf(stderr, "%s", diagnostics ? diagnostics : "cannot compile\n");
    return 2;
  }
  status = loyalty_evaluate(policy, request, request_len, &decision);
  printf("%s", decision ? decision : "");
  loyalty_free(decision);
  loyalty_free(diagnostics);
  loyalty_policy_free(policy);
  free(policy_text);
  free(request);
  return (int)status;
}
