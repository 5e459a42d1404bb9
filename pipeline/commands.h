// commands.h: the `vigil` subcommands. Each Add*Command registers its subcommand on the app and
// stores its exit code in *exit_code when it runs.
#pragma once

#include <CLI/CLI.hpp>

namespace vigil {

void AddScanCommand(CLI::App& app, int* exit_code);
void AddExplainCommand(CLI::App& app, int* exit_code);
void AddLexiconCommand(CLI::App& app, int* exit_code);
void AddBrokerCommand(CLI::App& app, int* exit_code);
void AddRunCommand(CLI::App& app, int* exit_code);
void AddEvalCommand(CLI::App& app, int* exit_code);

}  // namespace vigil
