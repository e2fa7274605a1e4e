# CMake toolchain: 32-bit ARM Linux (ARMv7-A hard-float), Debian's
# gcc-arm-linux-gnueabihf. Binaries run under qemu-arm:
#   qemu-arm -L /usr/arm-linux-gnueabihf build-arm/bin/fayasm_run ...
# Used by tests/cross/run.sh to test fayasm on a 32-bit host (size_t and
# pointers are 32 bits, long is 32 bits, uint64_t is 8-byte aligned).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR arm)

set(FAYASM_CROSS_TRIPLE arm-linux-gnueabihf)
set(CMAKE_C_COMPILER ${FAYASM_CROSS_TRIPLE}-gcc)
set(CMAKE_FIND_ROOT_PATH /usr/${FAYASM_CROSS_TRIPLE})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# CTest runs the test programs through the emulator.
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-arm -L /usr/${FAYASM_CROSS_TRIPLE})
