#include "classifiers/term_template.h"

#include <algorithm>

namespace vigil {
namespace {

// One piece of a template: literal text, or a choice among alternatives.
struct Piece {
  std::vector<std::string> choices;  // one choice for literal text
};

std::string CollapseSpaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  for (const char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

bool Parse(std::string_view term, const TermSlots& slots, std::vector<Piece>* pieces, std::string* error) {
  size_t i = 0;
  while (i < term.size()) {
    const size_t open = term.find_first_of("{}|", i);
    if (open == std::string_view::npos) {
      pieces->push_back(Piece{{std::string(term.substr(i))}});
      break;
    }
    if (term[open] != '{') {
      *error = "'" + std::string(1, term[open]) + "' outside a {...} group at byte " + std::to_string(open);
      return false;
    }
    if (open > i) pieces->push_back(Piece{{std::string(term.substr(i, open - i))}});
    const size_t close = term.find_first_of("{}", open + 1);
    if (close == std::string_view::npos || term[close] == '{') {
      *error = close == std::string_view::npos
                   ? "unbalanced '{' at byte " + std::to_string(open)
                   : "nested '{' at byte " + std::to_string(close) + " (groups do not nest)";
      return false;
    }
    const std::string_view body = term.substr(open + 1, close - open - 1);
    Piece piece;
    if (!body.empty() && body.front() == '$') {
      const std::string_view name = body.substr(1);
      const auto it = slots.find(name);
      if (it == slots.end()) {
        *error = "unknown slot '$" + std::string(name) + "' (list it under 'slots')";
        return false;
      }
      if (it->second.empty()) {
        *error = "slot '$" + std::string(name) + "' is empty";
        return false;
      }
      piece.choices = it->second;
    } else {
      size_t from = 0;
      for (;;) {
        const size_t bar = body.find('|', from);
        piece.choices.emplace_back(body.substr(from, bar == std::string_view::npos ? bar : bar - from));
        if (bar == std::string_view::npos) break;
        from = bar + 1;
      }
      if (piece.choices.size() < 2) {
        *error = "group '{" + std::string(body) + "}' offers no choice (write '{a|b}', or '{a|}' for an optional part)";
        return false;
      }
    }
    pieces->push_back(std::move(piece));
    i = close + 1;
  }
  return true;
}

}  // namespace

bool IsTermTemplate(std::string_view term) { return term.find_first_of("{}|") != std::string_view::npos; }

bool ValidSlotName(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

bool ExpandTermTemplate(std::string_view term, const TermSlots& slots, size_t limit, std::vector<std::string>* out,
                        std::string* error) {
  if (!IsTermTemplate(term)) {
    if (out->size() >= limit) {
      *error = "more than " + std::to_string(limit) + " terms";
      return false;
    }
    out->emplace_back(term);
    return true;
  }
  std::vector<Piece> pieces;
  if (!Parse(term, slots, &pieces, error)) return false;
  size_t count = 1;
  for (const Piece& p : pieces) {
    if (count > limit / p.choices.size()) {
      count = limit + 1;
      break;
    }
    count *= p.choices.size();
  }
  if (out->size() + count > limit) {
    *error = "expands to more than " + std::to_string(limit) +
             " terms with the entry's others; write a pattern or split the entry";
    return false;
  }
  // Odometer over the pieces' choices, last piece fastest, so terms come out in reading order.
  std::vector<size_t> at(pieces.size(), 0);
  std::string text;
  for (;;) {
    text.clear();
    for (size_t p = 0; p < pieces.size(); ++p) text += pieces[p].choices[at[p]];
    out->push_back(CollapseSpaces(text));
    size_t p = pieces.size();
    while (p > 0 && ++at[p - 1] == pieces[p - 1].choices.size()) at[--p] = 0;
    if (p == 0) break;
  }
  return true;
}

}  // namespace vigil
