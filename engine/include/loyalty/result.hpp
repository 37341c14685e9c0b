// Result<T>: a value or a refusal. Business outcomes (insufficient points,
// an unknown reward) are values, never exceptions. Every refusal code is
// listed once, with its channel, in refusals.def.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace loyalty {

enum class RefusalCode : std::uint8_t {
#define REFUSAL(ident, text, channel, summary) ident,
#include "loyalty/refusals.def"
#undef REFUSAL
};

// How a caller hears a refusal: a business outcome, or a malformed request.
enum class Channel : std::uint8_t { refused, bad_input };

std::string_view name(RefusalCode code);  // stable: "insufficient-points"
Channel channel(RefusalCode code);
std::string_view summary(RefusalCode code);

struct Refusal {
  RefusalCode code = RefusalCode::bad_input;
  std::string message;  // one line for a cashier or an integrator
  std::string path;     // JSON path or field of the offending input, when there is one
};

template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Refusal refusal) : v_(std::move(refusal)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  const T& value() const& { return std::get<0>(v_); }
  T& value() & { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const Refusal& refusal() const { return std::get<1>(v_); }
  const T* operator->() const { return &value(); }
  const T& operator*() const { return value(); }

 private:
  std::variant<T, Refusal> v_;
};

}  // namespace loyalty
