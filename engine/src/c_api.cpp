// The C ABI: a catch-all around the C++ library so that no exception
// crosses into C, and every string handed out is malloc'd for loyalty_free.
#include "loyalty/loyalty.h"

#include <cstdlib>
#include <cstring>
#include <string>

#include "loyalty/dsl/render.hpp"
#include "loyalty/json.hpp"
#include "loyalty/loyalty.hpp"

struct loyalty_policy {
  loyalty::PolicyPtr policy;
};

namespace {

char* copy_out(const std::string& s) {
  char* p = static_cast<char*>(std::malloc(s.size() + 1));
  if (p) std::memcpy(p, s.c_str(), s.size() + 1);
  return p;
}

// The refusal as JSON, on the status its code's channel names.
loyalty_status refused(const loyalty::Refusal& refusal, char** out) {
  *out = copy_out(loyalty::refusal_json(refusal));
  return loyalty::channel(refusal.code) == loyalty::Channel::bad_input ? LOYALTY_BAD_INPUT : LOYALTY_REFUSED;
}

}  // namespace

extern "C" loyalty_status loyalty_compile(const char* name, const char* text, size_t length, loyalty_policy** policy,
                                          char** diagnostics) {
  return loyalty_compile_with(name, text, length, 0, policy, diagnostics);
}

extern "C" loyalty_status loyalty_compile_with(const char* name, const char* text, size_t length, unsigned options,
                                               loyalty_policy** policy, char** diagnostics) {
  if (policy) *policy = nullptr;
  if (diagnostics) *diagnostics = nullptr;
  if (!text || !policy) return LOYALTY_BAD_INPUT;
  try {
    const loyalty::dsl::Source source(name ? name : "policy", std::string(text, length));
    auto compiled = loyalty::compile(source);
    if (diagnostics && !compiled.diagnostics.empty()) {
      *diagnostics =
          copy_out((options & LOYALTY_DIAGNOSTICS_JSON) ? loyalty::dsl::render_json({{&source, compiled.diagnostics}})
                                                        : loyalty::dsl::render_text(source, compiled.diagnostics, false));
    }
    if (!compiled.policy) return LOYALTY_BAD_INPUT;
    *policy = new loyalty_policy{std::move(compiled.policy)};
    return LOYALTY_OK;
  } catch (...) {
    return LOYALTY_INTERNAL;
  }
}

extern "C" loyalty_status loyalty_evaluate(const loyalty_policy* policy, const char* request, size_t length, char** out) {
  return loyalty_evaluate_with(policy, request, length, 0, out);
}

extern "C" loyalty_status loyalty_evaluate_with(const loyalty_policy* policy, const char* request, size_t length,
                                                unsigned options, char** out) {
  if (out) *out = nullptr;
  if (!policy || !request || !out) return LOYALTY_BAD_INPUT;
  try {
    const loyalty::Policy& p = *policy->policy;
    thread_local loyalty::Request r;  // its buffers serve every call of this thread
    if (auto bad = loyalty::RequestReader{}.read(p, std::string_view(request, length), r)) return refused(*bad, out);
    auto decision = loyalty::evaluate(p, r.member, r.order, r.redeem,
                                      {.trace = (options & LOYALTY_NO_TRACE) == 0, .journal = (options & LOYALTY_JOURNAL) != 0});
    if (!decision) return refused(decision.refusal(), out);
    *out = copy_out(loyalty::decision_json(p, r.order, decision.value()));
    return LOYALTY_OK;
  } catch (...) {
    return LOYALTY_INTERNAL;
  }
}

extern "C" void loyalty_policy_free(loyalty_policy* policy) { delete policy; }
extern "C" void loyalty_free(char* text) { std::free(text); }
