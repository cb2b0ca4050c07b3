// localabel convert --from FORMAT --to FORMAT IN OUT
#include "command.h"
#include "localabel/error.h"
#include "localabel/label_studio.h"
#include "localabel/project_file.h"

namespace localabel::cli {
namespace {

bool known_format(const std::string& f) { return f == "ls" || f == "localabel"; }

int usage(Io& io, const std::string& what) {
  std::fprintf(io.err, "localabel convert: %s (see 'localabel convert --help')\n", what.c_str());
  return kExitUsage;
}

int run_convert(const Args& args, Io& io) {
  std::string from, to;
  std::vector<std::string> files;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--from" || a == "--to") {
      if (i + 1 >= args.size()) return usage(io, a + " needs a format");
      (a == "--from" ? from : to) = args[++i];
    } else if (a.size() > 1 && a[0] == '-') {
      return usage(io, "unknown option '" + a + "'");
    } else {
      files.push_back(a);
    }
  }
  if (from.empty() || to.empty()) return usage(io, "--from and --to are required");
  if (!known_format(from)) return usage(io, "unknown input format '" + from + "'");
  if (!known_format(to)) return usage(io, "unknown output format '" + to + "'");
  if (files.size() != 2) return usage(io, "expected IN and OUT");
  std::string text, error;
  if (!read_input(files[0], io.in, &text, &error)) {
    std::fprintf(io.err, "localabel convert: %s\n", error.c_str());
    return kExitInvalidInput;
  }
  Result<Project> project = from == "ls" ? import_label_studio(text) : parse_project_file(text);
  if (!project.ok()) {
    const Error& e = project.error();
    std::string name = files[0] == "-" ? "standard input" : files[0];
    std::fprintf(io.err, "invalid: %s: %s [%s]\n", name.c_str(), e.message.c_str(),
                 error_code_name(e.code));
    return kExitInvalidInput;
  }
  std::string out =
      to == "ls" ? export_label_studio(project.value()) : write_project_file(project.value());
  if (!write_output(files[1], io.out, out, &error)) {
    std::fprintf(io.err, "localabel convert: %s\n", error.c_str());
    return kExitInvalidInput;
  }
  return kExitOk;
}

}  // namespace

LOCALABEL_CLI_COMMAND(
    convert, "convert --from FORMAT --to FORMAT IN OUT", "Convert between project formats",
    "Reads IN and writes OUT ('-' for standard input / output).\n"
    "Formats:\n"
    "  ls         Label Studio JSON: a task list (or one task) on input; a task list on output.\n"
    "             As input, a Localabel project file is accepted too.\n"
    "  localabel  Localabel project file (label sets, settings and Label Studio tasks).\n"
    "The output is deterministic (keys sorted, 2-space indent). Fields that are not modelled\n"
    "are kept. Exit codes: 0 written, 1 invalid input or unwritable output, 2 usage error.",
    run_convert);

}  // namespace localabel::cli
