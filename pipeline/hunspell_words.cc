#include "pipeline/hunspell_words.h"

#include <hunspell.hxx>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace vigil {

struct HunspellWords::Dictionary {
  std::unique_ptr<Hunspell> hunspell;
  // To the .aff file's SET when that is not UTF-8 (pl_PL is ISO8859-2), opened once, stopping at a
  // letter the encoding cannot hold; null for UTF-8, or when ICU has no such converter.
  std::unique_ptr<UConverter, decltype(&ucnv_close)> to{nullptr, &ucnv_close};
  bool utf8 = true;
};

HunspellWords::HunspellWords(std::string dir, std::vector<std::string> dics)
    : dir_(std::move(dir)), dics_(std::move(dics)) {}
HunspellWords::~HunspellWords() = default;

std::shared_ptr<const HunspellWords> HunspellWords::Open(const std::string& dir) {
  if (dir.empty()) return nullptr;
  std::error_code ec;
  std::vector<std::string> dics;
  for (const auto& f : std::filesystem::directory_iterator(dir, ec)) {
    if (f.path().extension() != ".dic") continue;
    std::filesystem::path aff = f.path();
    aff.replace_extension(".aff");
    if (std::filesystem::exists(aff, ec)) dics.push_back(f.path().stem().string());
  }
  if (ec || dics.empty()) return nullptr;
  std::sort(dics.begin(), dics.end());
  return std::shared_ptr<const HunspellWords>(new HunspellWords(dir, std::move(dics)));
}

std::vector<std::string> HunspellWords::Files(std::string_view lang) const {
  std::vector<std::string> out;
  if (lang.empty() || lang.find_first_of("/.") != std::string_view::npos) return out;
  const std::string l(lang);
  std::string upper = l;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  auto has = [&](const std::string& name) { return std::binary_search(dics_.begin(), dics_.end(), name); };
  if (has(l)) {
    out.push_back(l);
  } else if (has(l + "_" + upper)) {
    out.push_back(l + "_" + upper);
  } else {
    for (const std::string& d : dics_) {
      if (d.starts_with(l + "_") && d.find("_Latn") == std::string::npos) {
        out.push_back(d);
        break;
      }
    }
  }
  for (const std::string& d : dics_) {  // a Latin-script variant beside a Cyrillic one
    if (d.starts_with(l + "_Latn") && std::find(out.begin(), out.end(), d) == out.end()) {
      out.push_back(d);
      break;
    }
  }
  return out;
}

const std::vector<std::unique_ptr<HunspellWords::Dictionary>>& HunspellWords::Load(std::string_view lang) const {
  auto it = loaded_.find(lang);
  if (it != loaded_.end()) return it->second;
  std::vector<std::unique_ptr<Dictionary>> dicts;
  for (const std::string& name : Files(lang)) {
    const std::string base = dir_ + "/" + name;
    auto d = std::make_unique<Dictionary>();
    d->hunspell = std::make_unique<Hunspell>((base + ".aff").c_str(), (base + ".dic").c_str());
    const std::string encoding = d->hunspell->get_dict_encoding();
    d->utf8 = encoding == "UTF-8" || encoding == "utf-8";
    if (!d->utf8) {
      UErrorCode status = U_ZERO_ERROR;
      d->to.reset(ucnv_open(encoding.c_str(), &status));
      if (U_FAILURE(status)) d->to.reset();
      if (d->to != nullptr) ucnv_setFromUCallBack(d->to.get(), UCNV_FROM_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
    }
    dicts.push_back(std::move(d));
  }
  return loaded_.emplace(std::string(lang), std::move(dicts)).first->second;
}

bool HunspellWords::Covers(std::string_view lang) const {
  std::lock_guard<std::mutex> lock(mu_);
  return !Load(lang).empty();
}

bool HunspellWords::Knows(std::string_view lang, std::string_view word) const {
  std::lock_guard<std::mutex> lock(mu_);
  const auto& dicts = Load(lang);
  for (const auto& d : dicts) {
    std::string w(word);
    if (!d->utf8) {
      // (An encoding ICU cannot write, or a letter it cannot hold: the word counts as known, so it
      // is never corrected.)
      if (d->to == nullptr) return true;
      UErrorCode status = U_ZERO_ERROR;
      ucnv_resetFromUnicode(d->to.get());
      const icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(word.data(), static_cast<int32_t>(word.size())));
      std::string out(static_cast<size_t>(u.length()) * 4 + 8, '\0');
      const int32_t n =
          ucnv_fromUChars(d->to.get(), out.data(), static_cast<int32_t>(out.size()), u.getBuffer(), u.length(), &status);
      if (U_FAILURE(status) || n < 0) return true;
      out.resize(static_cast<size_t>(n));
      w = std::move(out);
    }
    if (d->hunspell->spell(w)) return true;
  }
  return false;
}

}  // namespace vigil
