// vigil: streaming monitor for dangerous speech. `vigil --help` lists the subcommands.
#include <cstdio>

#include "pipeline/commands.h"
#include "pipeline/version.h"

int main(int argc, char** argv) {
  CLI::App app{"Vigil: a streaming monitor for dangerous speech.\n"
               "Reads messages, normalises them, matches curated multilingual lexicons and scores\n"
               "dangerous-speech indicators into explained alerts."};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string(vigil::VersionString()) + " (" + vigil::GitCommit() + ")");
  int exit_code = 0;
  auto* version = app.add_subcommand("version", "Print the version and build information");
  version->callback([] { std::printf("vigil %s (commit %s)\n", vigil::VersionString(), vigil::GitCommit()); });
  vigil::AddScanCommand(app, &exit_code);
  vigil::AddExplainCommand(app, &exit_code);
  vigil::AddLexiconCommand(app, &exit_code);
  vigil::AddBrokerCommand(app, &exit_code);
  vigil::AddRunCommand(app, &exit_code);
  vigil::AddEvalCommand(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return exit_code;
}
