#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "--help") == 0) {
    std::puts("usage: localabel COMMAND ...");
    return 0;
  }
  std::fputs("usage: localabel COMMAND ...\n", stderr);
  return 2;
}
