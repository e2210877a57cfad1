#include "core/verdict.h"

#include <cstdio>

namespace ohm {

std::string_view ActionName(Action action) {
  switch (action) {
    case Action::kAccept: return "accept";
    case Action::kTag: return "tag";
    case Action::kHold: return "hold";
    case Action::kReject: return "reject";
    case Action::kTempfail: return "tempfail";
  }
  return "accept";
}

std::optional<Action> ParseAction(std::string_view name) {
  for (Action a : {Action::kAccept, Action::kTag, Action::kHold, Action::kReject, Action::kTempfail}) {
    if (ActionName(a) == name) return a;
  }
  return std::nullopt;
}

int ActionExitCode(Action action) {
  switch (action) {
    case Action::kAccept: return 0;
    case Action::kTag: return 1;
    case Action::kHold: return 2;
    case Action::kReject: return 3;
    case Action::kTempfail: return 4;
  }
  return 0;
}

std::string FormatScore(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s(buf);
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  return s;
}

}  // namespace ohm
