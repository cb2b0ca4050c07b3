// The CLI's command registry. Each command lives in its own file and registers itself:
//
//   static int run_validate(const localabel::cli::Args& args, localabel::cli::Io& io);
//   LOCALABEL_CLI_COMMAND(validate, "validate FILE", "Check a project file", run_validate);
//
// Exit codes: 0 success, 1 invalid input (the message names the place), 2 usage error.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

namespace localabel::cli {

constexpr int kExitOk = 0;
constexpr int kExitInvalidInput = 1;
constexpr int kExitUsage = 2;

/// The words after the command name, e.g. {"--from", "ls", "in.json", "-"}.
using Args = std::vector<std::string>;

/// Where a command reads and writes; main() wires them to the process's streams.
struct Io {
  std::FILE* in = stdin;
  std::FILE* out = stdout;
  std::FILE* err = stderr;
};

using CommandFn = int (*)(const Args& args, Io& io);

struct Command {
  const char* name;
  const char* usage;    ///< one line, e.g. "convert --from ls --to ls IN OUT"
  const char* summary;  ///< one sentence for `localabel --help`
  const char* help;     ///< full help text for `localabel COMMAND --help`
  CommandFn run;
};

/// All registered commands, sorted by name.
const std::vector<Command>& commands();

struct Registrar {
  explicit Registrar(const Command& command);
};

/// Reads a whole file, or standard input when path is "-". False (and a message in *error)
/// when it cannot be read.
bool read_input(const std::string& path, std::FILE* in, std::string* text, std::string* error);

/// Writes text to a file, or standard output when path is "-".
bool write_output(const std::string& path, std::FILE* out, const std::string& text,
                  std::string* error);

}  // namespace localabel::cli

#define LOCALABEL_CLI_COMMAND(name, usage, summary, help, fn)              \
  static const ::localabel::cli::Registrar localabel_cli_registrar_##name( \
      ::localabel::cli::Command{#name, usage, summary, help, fn})
