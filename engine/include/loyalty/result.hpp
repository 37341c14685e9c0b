// Result<T>: a value or a refusal. Business outcomes (insufficient points,
// an unknown reward) are values, never exceptions.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace loyalty {

struct Refusal {
  std::string code;     // stable: insufficient-points, unknown-reward, bad-input, overflow, ...
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
