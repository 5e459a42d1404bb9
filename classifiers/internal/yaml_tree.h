// yaml_tree.h: a YAML document read with libyaml into a tree of read-only nodes.
//
//   std::string error; int error_line = 0;
//   auto tree = YamlTree::Parse(text, &error, &error_line);   // nullptr on a syntax error
//   YamlNode root = tree->root();
//   if (root.IsMap()) for (const YamlNode& e : root["entries"]) ... e["id"].Scalar() ... e.Line()
//
// The lexicon loader reads 3,500 files at every start and reload; libyaml's loader does it several
// times faster than yaml-cpp's (which builds a tree of reference-counted nodes, scanning with
// regular expressions), and the nodes here are views into libyaml's own document. The API is the
// part of yaml-cpp's the loader used, with the same YAML 1.2 core-schema readings of plain scalars:
// null ("", "~", "null"), booleans (true/false, yes/no, on/off, y/n in lower, upper or title case),
// integers (decimal, 0x hexadecimal, 0o octal) and floating-point numbers.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

struct yaml_document_s;
struct yaml_node_s;

namespace vigil {

class YamlNode {
 public:
  YamlNode() = default;  // undefined: a key that is not there
  YamlNode(yaml_document_s* doc, yaml_node_s* node) : doc_(doc), node_(node) {}

  bool IsDefined() const { return node_ != nullptr; }
  bool IsNull() const;      // a plain empty, "~" or "null" scalar
  bool IsScalar() const;    // any other scalar
  bool IsSequence() const;
  bool IsMap() const;
  // The scalar's text ("" for a node that is no scalar).
  std::string Scalar() const;
  // Whether a scalar was written quoted or as a block ("1922", '1922', |, >): then it is a string
  // whatever it looks like.
  bool Quoted() const;
  // 0-based line where the node starts.
  int Line() const;

  // A mapping's value for `key` (the first, when a key is given twice); undefined when absent or
  // when this node is no mapping.
  YamlNode operator[](std::string_view key) const;
  // Items of a sequence, or pairs of a mapping.
  size_t size() const;
  YamlNode Item(size_t i) const;                      // sequence item i
  std::pair<YamlNode, YamlNode> Pair(size_t i) const;  // mapping pair i: key, value

  // Conversions of a scalar (nullopt when it is none of these).
  std::optional<bool> AsBool() const;
  std::optional<double> AsDouble() const;
  std::optional<int> AsInt() const;

  // Range over a sequence's items.
  class Iterator {
   public:
    Iterator(const YamlNode* seq, size_t i) : seq_(seq), i_(i) {}
    YamlNode operator*() const { return seq_->Item(i_); }
    Iterator& operator++() { ++i_; return *this; }
    bool operator!=(const Iterator& o) const { return i_ != o.i_; }

   private:
    const YamlNode* seq_;
    size_t i_;
  };
  Iterator begin() const { return Iterator(this, 0); }
  Iterator end() const { return Iterator(this, IsSequence() ? size() : 0); }

 private:
  yaml_document_s* doc_ = nullptr;
  yaml_node_s* node_ = nullptr;
};

class YamlTree {
 public:
  // The first document of `text`; nullptr on a syntax error, with libyaml's message and its 1-based
  // line in *error and *error_line.
  static std::unique_ptr<YamlTree> Parse(std::string_view text, std::string* error, int* error_line);
  ~YamlTree();
  YamlTree(const YamlTree&) = delete;
  YamlTree& operator=(const YamlTree&) = delete;

  // The root node; a null node for an empty document.
  YamlNode root() const;

 private:
  YamlTree();
  std::unique_ptr<yaml_document_s> doc_;
};

}  // namespace vigil
