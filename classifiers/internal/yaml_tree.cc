#include "classifiers/internal/yaml_tree.h"

#include <yaml.h>

#include <cctype>
#include <charconv>
#include <cstdlib>

namespace vigil {
namespace {

std::string_view Text(const yaml_node_t* n) {
  return {reinterpret_cast<const char*>(n->data.scalar.value), n->data.scalar.length};
}

bool Plain(const yaml_node_t* n) { return n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE; }

// A core-schema word in lower, upper or title case ("true", "TRUE", "True").
bool IsWord(std::string_view s, std::string_view lower) {
  if (s.size() != lower.size()) return false;
  bool all_lower = true, all_upper = true, title = true;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i], l = lower[i], u = static_cast<char>(std::toupper(static_cast<unsigned char>(l)));
    all_lower = all_lower && c == l;
    all_upper = all_upper && c == u;
    title = title && c == (i == 0 ? u : l);
  }
  return all_lower || all_upper || title;
}

}  // namespace

bool YamlNode::IsNull() const {
  if (node_ == nullptr || node_->type != YAML_SCALAR_NODE || !Plain(node_)) return false;
  const std::string_view s = Text(node_);
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

bool YamlNode::IsScalar() const { return node_ != nullptr && node_->type == YAML_SCALAR_NODE && !IsNull(); }
bool YamlNode::IsSequence() const { return node_ != nullptr && node_->type == YAML_SEQUENCE_NODE; }
bool YamlNode::IsMap() const { return node_ != nullptr && node_->type == YAML_MAPPING_NODE; }

std::string YamlNode::Scalar() const {
  return node_ != nullptr && node_->type == YAML_SCALAR_NODE ? std::string(Text(node_)) : std::string();
}

bool YamlNode::Quoted() const { return node_ != nullptr && node_->type == YAML_SCALAR_NODE && !Plain(node_); }

int YamlNode::Line() const { return node_ == nullptr ? 0 : static_cast<int>(node_->start_mark.line); }

size_t YamlNode::size() const {
  if (IsSequence()) return static_cast<size_t>(node_->data.sequence.items.top - node_->data.sequence.items.start);
  if (IsMap()) return static_cast<size_t>(node_->data.mapping.pairs.top - node_->data.mapping.pairs.start);
  return 0;
}

YamlNode YamlNode::Item(size_t i) const {
  return YamlNode(doc_, yaml_document_get_node(doc_, node_->data.sequence.items.start[i]));
}

std::pair<YamlNode, YamlNode> YamlNode::Pair(size_t i) const {
  const yaml_node_pair_t& p = node_->data.mapping.pairs.start[i];
  return {YamlNode(doc_, yaml_document_get_node(doc_, p.key)), YamlNode(doc_, yaml_document_get_node(doc_, p.value))};
}

YamlNode YamlNode::operator[](std::string_view key) const {
  if (!IsMap()) return {};
  for (const yaml_node_pair_t* p = node_->data.mapping.pairs.start; p != node_->data.mapping.pairs.top; ++p) {
    const yaml_node_t* k = yaml_document_get_node(doc_, p->key);
    if (k != nullptr && k->type == YAML_SCALAR_NODE && Text(k) == key) {
      return YamlNode(doc_, yaml_document_get_node(doc_, p->value));
    }
  }
  return {};
}

std::optional<bool> YamlNode::AsBool() const {
  if (!IsScalar()) return std::nullopt;
  const std::string_view s = Text(node_);
  for (std::string_view w : {"true", "yes", "on", "y"}) {
    if (IsWord(s, w)) return true;
  }
  for (std::string_view w : {"false", "no", "off", "n"}) {
    if (IsWord(s, w)) return false;
  }
  return std::nullopt;
}

std::optional<double> YamlNode::AsDouble() const {
  if (!IsScalar()) return std::nullopt;
  const std::string s(Text(node_));
  if (s.empty() || std::isspace(static_cast<unsigned char>(s[0]))) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || *end != '\0') return std::nullopt;
  // strtod also reads hexadecimal floats and "inf"/"nan", which YAML spells otherwise.
  for (char c : s) {
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')) {
      return std::nullopt;
    }
  }
  return v;
}

std::optional<int> YamlNode::AsInt() const {
  if (!IsScalar()) return std::nullopt;
  std::string_view s = Text(node_);
  int base = 10;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) base = 16, s.remove_prefix(2);
  else if (s.size() > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'O')) base = 8, s.remove_prefix(2);
  int v = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
  if (ec != std::errc() || ptr != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

YamlTree::YamlTree() : doc_(std::make_unique<yaml_document_t>()) {}

YamlTree::~YamlTree() { yaml_document_delete(doc_.get()); }

std::unique_ptr<YamlTree> YamlTree::Parse(std::string_view text, std::string* error, int* error_line) {
  yaml_parser_t parser;
  if (!yaml_parser_initialize(&parser)) {
    *error = "cannot initialise the YAML parser";
    *error_line = 0;
    return nullptr;
  }
  yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  std::unique_ptr<YamlTree> tree(new YamlTree());
  if (!yaml_parser_load(&parser, tree->doc_.get())) {
    *error = parser.problem != nullptr ? parser.problem : "unknown error";
    if (parser.context != nullptr) *error = std::string(parser.context) + ": " + *error;
    *error_line = static_cast<int>(parser.problem_mark.line) + 1;
    // (A failed load deletes the document and leaves it zeroed, so ~YamlTree has nothing to free.)
    yaml_parser_delete(&parser);
    return nullptr;
  }
  yaml_parser_delete(&parser);
  return tree;
}

YamlNode YamlTree::root() const { return YamlNode(doc_.get(), yaml_document_get_root_node(doc_.get())); }

}  // namespace vigil
