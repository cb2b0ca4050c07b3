// localabel: the native command-line tool. Each command is in its own file in this folder.
#include <algorithm>
#include <cerrno>
#include <cstring>

#include "command.h"

namespace localabel::cli {

namespace {
std::vector<Command>& registry() {
  static std::vector<Command> all;
  return all;
}

void print_overview(std::FILE* f) {
  std::fputs(
      "usage: localabel COMMAND [OPTIONS] [ARGS]\n\n"
      "Annotation tooling and quality analytics; the same core as the Localabel web app.\n"
      "A file argument of '-' means standard input or output.\n\ncommands:\n",
      f);
  for (const Command& c : commands()) std::fprintf(f, "  %-12s %s\n", c.name, c.summary);
  std::fputs(
      "\n'localabel COMMAND --help' describes one command.\n"
      "exit codes: 0 success, 1 invalid input, 2 usage error\n",
      f);
}
}  // namespace

const std::vector<Command>& commands() {
  auto& all = registry();
  std::sort(all.begin(), all.end(),
            [](const Command& a, const Command& b) { return std::strcmp(a.name, b.name) < 0; });
  return all;
}

Registrar::Registrar(const Command& command) { registry().push_back(command); }

bool read_input(const std::string& path, std::FILE* in, std::string* text, std::string* error) {
  std::FILE* f = path == "-" ? in : std::fopen(path.c_str(), "rb");
  if (!f) {
    *error = path + ": cannot open: " + std::strerror(errno);
    return false;
  }
  text->clear();
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text->append(buf, n);
  bool failed = std::ferror(f) != 0;
  if (f != in) std::fclose(f);
  if (failed) {
    *error = (path == "-" ? std::string("standard input") : path) + ": read error";
    return false;
  }
  return true;
}

bool write_output(const std::string& path, std::FILE* out, const std::string& text,
                  std::string* error) {
  std::FILE* f = path == "-" ? out : std::fopen(path.c_str(), "wb");
  if (!f) {
    *error = path + ": cannot write: " + std::strerror(errno);
    return false;
  }
  bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  ok = (f == out ? std::fflush(f) == 0 : std::fclose(f) == 0) && ok;
  if (!ok) *error = (path == "-" ? std::string("standard output") : path) + ": write error";
  return ok;
}

}  // namespace localabel::cli

int main(int argc, char** argv) {
  using namespace localabel::cli;
  Io io;
  if (argc < 2) {
    print_overview(stderr);
    return kExitUsage;
  }
  std::string name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    print_overview(stdout);
    return kExitOk;
  }
  if (name == "--version") {
    std::puts("localabel 0.1.0");
    return kExitOk;
  }
  for (const Command& c : commands()) {
    if (name != c.name) continue;
    Args args(argv + 2, argv + argc);
    if (std::find(args.begin(), args.end(), "--help") != args.end()) {
      std::printf("usage: localabel %s\n\n%s\n", c.usage, c.help);
      return kExitOk;
    }
    return c.run(args, io);
  }
  std::fprintf(stderr, "localabel: unknown command '%s' (see 'localabel --help')\n", name.c_str());
  return kExitUsage;
}
