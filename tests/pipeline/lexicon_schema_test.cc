// lexicons/schema.json agrees with the parser (fields, indicators, statuses, categories), and every
// bundled lexicon file conforms to it. The validator below covers the JSON Schema keywords the
// schema uses (type, enum, const, pattern, minimum/maximum, minLength, minItems, items, properties,
// required, additionalProperties (false or a schema), propertyNames, anyOf, if/then, local $ref), nothing more.
#include <gtest/gtest.h>
#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "classifiers/lexicon.h"
#include "pipeline/lexicon_loader.h"

namespace vigil {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

json LoadSchema() {
  std::ifstream in(std::string(VIGIL_SOURCE_DIR) + "/lexicons/schema.json");
  return json::parse(in);
}

// YAML -> JSON with YAML 1.2 core-schema typing of plain scalars; quoted scalars stay strings.
json ToJson(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map: {
      json j = json::object();
      for (const auto& kv : n) j[kv.first.Scalar()] = ToJson(kv.second);
      return j;
    }
    case YAML::NodeType::Sequence: {
      json j = json::array();
      for (const auto& item : n) j.push_back(ToJson(item));
      return j;
    }
    case YAML::NodeType::Scalar: {
      if (n.Tag() == "!") return n.Scalar();  // quoted
      const std::string& s = n.Scalar();
      if (s == "true" || s == "false") return s == "true";
      if (RE2::FullMatch(s, "[-+]?[0-9]+")) return std::stoll(s);
      if (RE2::FullMatch(s, "[-+]?([0-9]+\\.[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?")) return std::stod(s);
      return s;
    }
    default:
      return nullptr;
  }
}

class Validator {
 public:
  explicit Validator(const json& root) : root_(root) {}

  // Appends "path: problem" for every violation.
  void Validate(const json& schema_in, const json& v, const std::string& path, std::vector<std::string>* errors) const {
    const json& schema = Resolve(schema_in);
    if (schema.contains("type") && !TypeOk(schema["type"].get<std::string>(), v)) {
      errors->push_back(path + ": expected " + schema["type"].get<std::string>() + ", got " + v.dump());
      return;
    }
    if (schema.contains("enum") &&
        std::find(schema["enum"].begin(), schema["enum"].end(), v) == schema["enum"].end()) {
      errors->push_back(path + ": " + v.dump() + " is not one of " + schema["enum"].dump());
    }
    if (schema.contains("const") && schema["const"] != v) errors->push_back(path + ": not " + schema["const"].dump());
    if (v.is_string()) {
      const std::string s = v.get<std::string>();
      if (schema.contains("minLength") && s.size() < schema["minLength"].get<size_t>()) {
        errors->push_back(path + ": shorter than " + schema["minLength"].dump());
      }
      if (schema.contains("pattern") && !RE2::PartialMatch(s, schema["pattern"].get<std::string>())) {
        errors->push_back(path + ": " + v.dump() + " does not match " + schema["pattern"].dump());
      }
    }
    if (v.is_number()) {
      if (schema.contains("minimum") && v.get<double>() < schema["minimum"].get<double>()) {
        errors->push_back(path + ": below minimum");
      }
      if (schema.contains("maximum") && v.get<double>() > schema["maximum"].get<double>()) {
        errors->push_back(path + ": above maximum");
      }
    }
    if (v.is_array()) {
      if (schema.contains("minItems") && v.size() < schema["minItems"].get<size_t>()) {
        errors->push_back(path + ": fewer than " + schema["minItems"].dump() + " items");
      }
      if (schema.contains("items")) {
        for (size_t i = 0; i < v.size(); ++i) Validate(schema["items"], v[i], path + "[" + std::to_string(i) + "]", errors);
      }
    }
    if (v.is_object()) {
      if (schema.contains("required")) {
        for (const auto& r : schema["required"]) {
          if (!v.contains(r.get<std::string>())) errors->push_back(path + ": missing " + r.dump());
        }
      }
      const json props = schema.value("properties", json::object());
      for (auto it = v.begin(); it != v.end(); ++it) {
        if (props.contains(it.key())) {
          Validate(props[it.key()], it.value(), path + "." + it.key(), errors);
        } else if (schema.contains("additionalProperties") && schema["additionalProperties"] == false) {
          errors->push_back(path + ": unknown field '" + it.key() + "'");
        } else if (schema.contains("additionalProperties") && schema["additionalProperties"].is_object()) {
          Validate(schema["additionalProperties"], it.value(), path + "." + it.key(), errors);
        }
        if (schema.contains("propertyNames")) Validate(schema["propertyNames"], json(it.key()), path + "." + it.key(), errors);
      }
    }
    if (schema.contains("anyOf")) {
      bool any = false;
      for (const auto& alt : schema["anyOf"]) {
        std::vector<std::string> e;
        Validate(alt, v, path, &e);
        any = any || e.empty();
      }
      if (!any) errors->push_back(path + ": matches none of anyOf");
    }
    if (schema.contains("if")) {
      std::vector<std::string> e;
      Validate(schema["if"], v, path, &e);
      if (e.empty() && schema.contains("then")) Validate(schema["then"], v, path, errors);
    }
  }

 private:
  const json& Resolve(const json& schema) const {
    if (!schema.contains("$ref")) return schema;
    const std::string ref = schema["$ref"].get<std::string>();  // "#/$defs/name"
    return root_.at("$defs").at(ref.substr(ref.rfind('/') + 1));
  }
  static bool TypeOk(const std::string& type, const json& v) {
    if (type == "string") return v.is_string();
    if (type == "number") return v.is_number();
    if (type == "integer") return v.is_number_integer();
    if (type == "boolean") return v.is_boolean();
    if (type == "array") return v.is_array();
    if (type == "object") return v.is_object();
    return false;
  }
  const json& root_;
};

std::set<std::string> Keys(const json& object) {
  std::set<std::string> out;
  for (auto it = object.begin(); it != object.end(); ++it) out.insert(it.key());
  return out;
}

TEST(LexiconSchema, EntryFieldsAreExactlyTheParsersFields) {
  const json schema = LoadSchema();
  std::set<std::string> parser;
  for (std::string_view f : KnownEntryFields()) parser.insert(std::string(f));
  EXPECT_EQ(Keys(schema["$defs"]["entry"]["properties"]), parser);
}

TEST(LexiconSchema, IndicatorEnumIsEveryIndicator) {
  const json schema = LoadSchema();
  std::set<std::string> code;
  for (int i = 0; i < kIndicatorCount; ++i) code.insert(std::string(IndicatorName(static_cast<Indicator>(i))));
  std::set<std::string> listed;
  for (const auto& v : schema["$defs"]["entry"]["properties"]["indicator"]["enum"]) listed.insert(v.get<std::string>());
  EXPECT_EQ(listed, code);
}

TEST(LexiconSchema, StatusesAndTargetCategoriesAreKnownToTheParser) {
  const json schema = LoadSchema();
  for (const auto& v : schema["$defs"]["entry"]["properties"]["target_category"]["enum"]) {
    EXPECT_TRUE(IsKnownTargetCategory(v.get<std::string>())) << v;
  }
  std::set<std::string> statuses;
  for (const auto& v : schema["$defs"]["entry"]["properties"]["status"]["enum"]) statuses.insert(v.get<std::string>());
  EXPECT_EQ(statuses, (std::set<std::string>{"active", "watchlist", "deprecated"}));
}

TEST(LexiconSchema, ValidatorRejectsWhatTheSchemaForbids) {
  const json schema = LoadSchema();
  Validator v(schema);
  auto errors_for = [&](const std::string& yaml) {
    std::vector<std::string> e;
    v.Validate(schema, ToJson(YAML::Load(yaml)), "$", &e);
    return e;
  };
  const std::string ok = "language: en\nentries:\n  - id: en.a\n    indicator: slur\n    terms: [x]\n    note: n\n"
                         "    sources: [s]\n";
  EXPECT_TRUE(errors_for(ok).empty());
  EXPECT_FALSE(errors_for(ok + "    colour: red\n").empty());         // unknown field
  EXPECT_FALSE(errors_for(ok + "    weight: 1.5\n").empty());         // out of range
  EXPECT_FALSE(errors_for(ok + "    status: retired\n").empty());     // not an enum value
  EXPECT_FALSE(errors_for("entries:\n  - id: en.a\n    indicator: slur\n    note: n\n    sources: [s]\n").empty());
  EXPECT_FALSE(errors_for("entries:\n  - id: en.a\n    indicator: identity_term\n    terms: [x]\n    note: n\n"
                          "    sources: [s]\n").empty());             // identity_term without target
  EXPECT_FALSE(errors_for("entries:\n  - id: EN.A\n    indicator: slur\n    terms: [x]\n    note: n\n"
                          "    sources: [s]\n").empty());             // id pattern
  EXPECT_TRUE(errors_for(ok + "    slots: {place: [shop, house]}\n").empty());
  EXPECT_FALSE(errors_for(ok + "    slots: {Place: [shop]}\n").empty());  // slot name pattern
  EXPECT_FALSE(errors_for(ok + "    slots: {place: 3}\n").empty());       // not a list of strings
}

TEST(LexiconSchema, BundledLexiconsConform) {
  const json schema = LoadSchema();
  Validator v(schema);
  const fs::path root = fs::path(VIGIL_SOURCE_DIR) / "lexicons";
  size_t files = 0;
  for (const auto& f : fs::recursive_directory_iterator(root)) {
    const std::string ext = f.path().extension().string();
    if (!f.is_regular_file() || (ext != ".yaml" && ext != ".yml")) continue;
    ++files;
    YAML::Node doc;
    try {
      doc = YAML::LoadFile(f.path().string());
    } catch (const YAML::Exception& e) {
      ADD_FAILURE() << f.path() << ": " << e.what();
      continue;
    }
    std::vector<std::string> errors;
    v.Validate(schema, ToJson(doc), f.path().lexically_relative(root).string(), &errors);
    for (const auto& e : errors) ADD_FAILURE() << e;
  }
  EXPECT_GT(files, 10u);
}

}  // namespace
}  // namespace vigil
