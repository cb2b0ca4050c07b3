// localabel validate FILE: checks a Label Studio file or a Localabel project file.
#include "command.h"
#include "localabel/error.h"
#include "localabel/label_studio.h"

namespace localabel::cli {
namespace {

int run_validate(const Args& args, Io& io) {
  std::vector<std::string> files;
  for (const std::string& a : args) {
    if (a.size() > 1 && a[0] == '-') {
      std::fprintf(io.err, "localabel validate: unknown option '%s'\n", a.c_str());
      return kExitUsage;
    }
    files.push_back(a);
  }
  if (files.size() != 1) {
    std::fputs("usage: localabel validate FILE   (see 'localabel validate --help')\n", io.err);
    return kExitUsage;
  }
  std::string text, error;
  if (!read_input(files[0], io.in, &text, &error)) {
    std::fprintf(io.err, "localabel validate: %s\n", error.c_str());
    return kExitInvalidInput;
  }
  Result<Project> project = import_label_studio(text);
  std::string name = files[0] == "-" ? "standard input" : files[0];
  if (!project.ok()) {
    const Error& e = project.error();
    std::fprintf(io.err, "invalid: %s: %s [%s]\n", name.c_str(), e.message.c_str(),
                 error_code_name(e.code));
    return kExitInvalidInput;
  }
  std::fprintf(io.out, "ok: %s\n", format_summary(summarize_project(project.value())).c_str());
  return kExitOk;
}

}  // namespace

LOCALABEL_CLI_COMMAND(validate, "validate FILE", "Check a Label Studio or Localabel project file",
                      "Reads FILE ('-' for standard input): a Label Studio task list, one task,\n"
                      "or a Localabel project file. Prints 'ok: N tasks, ...' and exits 0 when it\n"
                      "is valid; otherwise prints 'invalid: FILE: PATH: what was expected [Code]'\n"
                      "to standard error and exits 1. Exit 2 on a usage error.",
                      run_validate);

}  // namespace localabel::cli
