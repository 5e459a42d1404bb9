#pragma once
namespace vigil {
const char* VersionString();
const char* GitCommit();
}  // namespace vigil
