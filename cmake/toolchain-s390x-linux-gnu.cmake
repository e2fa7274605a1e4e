# CMake toolchain: 64-bit big-endian IBM Z Linux, Debian's gcc-s390x-linux-gnu.
# Binaries run under qemu-s390x:
#   qemu-s390x -L /usr/s390x-linux-gnu build-s390x/bin/fayasm_run ...
# Used by tests/cross/run.sh to test fayasm on a big-endian host: wasm is
# little-endian, so every load/store, LEB read, data segment and host
# accessor must give the same results as on x86-64.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR s390x)

set(FAYASM_CROSS_TRIPLE s390x-linux-gnu)
set(CMAKE_C_COMPILER ${FAYASM_CROSS_TRIPLE}-gcc)
set(CMAKE_FIND_ROOT_PATH /usr/${FAYASM_CROSS_TRIPLE})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

set(CMAKE_CROSSCOMPILING_EMULATOR qemu-s390x -L /usr/${FAYASM_CROSS_TRIPLE})
