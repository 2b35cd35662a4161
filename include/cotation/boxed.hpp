// SPDX-License-Identifier: MIT
/// \file
/// An optional value kept on the heap: one pointer wide however large the value is.
#pragma once

#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

namespace cotation {

/// An optional `T` held on the heap, with `std::optional`'s interface and value semantics
/// (copies copy the value; a moved-from box is empty). For a large value that most instances
/// go without: a ranked candidate carries its explained score card (416 bytes) only when a
/// caller asked for cards, so that a ranking of points only is a dense array of small
/// candidates instead of one mostly empty card per candidate.
template <class T>
class boxed {
 public:
  using value_type = T;

  /// Empty.
  constexpr boxed() noexcept = default;
  constexpr boxed(std::nullopt_t) noexcept {}  // NOLINT: converts like std::optional
  /// Holds `value`.
  boxed(T value) : value_(std::make_unique<T>(std::move(value))) {}  // NOLINT: as optional
  /// Holds the value of `value` if it has one.
  boxed(std::optional<T> value)  // NOLINT: converts like std::optional
      : value_(value ? std::make_unique<T>(std::move(*value)) : nullptr) {}
  boxed(const boxed& other) : value_(other ? std::make_unique<T>(*other) : nullptr) {}
  boxed(boxed&&) noexcept = default;
  boxed& operator=(const boxed& other) {
    if (this != &other) value_ = other ? std::make_unique<T>(*other) : nullptr;
    return *this;
  }
  boxed& operator=(boxed&&) noexcept = default;
  boxed& operator=(std::nullopt_t) noexcept {
    value_.reset();
    return *this;
  }
  ~boxed() = default;

  /// Constructs the value in place, replacing any (braces for an aggregate).
  template <class... Args>
  T& emplace(Args&&... args) {
    if constexpr (std::is_constructible_v<T, Args&&...>) {
      value_ = std::make_unique<T>(std::forward<Args>(args)...);
    } else {
      value_.reset(new T{std::forward<Args>(args)...});
    }
    return *value_;
  }
  void reset() noexcept { value_.reset(); }

  [[nodiscard]] bool has_value() const noexcept { return value_ != nullptr; }
  explicit operator bool() const noexcept { return has_value(); }
  /// The value; the box must hold one.
  [[nodiscard]] T& operator*() noexcept { return *value_; }
  [[nodiscard]] const T& operator*() const noexcept { return *value_; }
  [[nodiscard]] T* operator->() noexcept { return value_.get(); }
  [[nodiscard]] const T* operator->() const noexcept { return value_.get(); }
  /// The value; throws `std::bad_optional_access` when empty.
  [[nodiscard]] T& value() {
    if (!value_) throw std::bad_optional_access();
    return *value_;
  }
  [[nodiscard]] const T& value() const {
    if (!value_) throw std::bad_optional_access();
    return *value_;
  }
  /// Equal when both are empty or both hold equal values (`std::optional`'s rule).
  friend bool operator==(const boxed& a, const boxed& b) {
    if (a.has_value() != b.has_value()) return false;
    return !a.has_value() || *a == *b;
  }
  friend bool operator==(const boxed& a, std::nullopt_t) noexcept { return !a.has_value(); }

 private:
  std::unique_ptr<T> value_;
};

}  // namespace cotation
