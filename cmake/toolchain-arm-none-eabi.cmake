# CMake toolchain: bare-metal ARM Cortex-M (default Cortex-M4, Thumb-2) with
# Debian's gcc-arm-none-eabi + libnewlib-arm-none-eabi. For the core-only
# build (cmake/core): no OS, newlib-nano, unused functions garbage-collected.
#
#   cmake -S cmake/core -B build-m4 -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-arm-none-eabi.cmake
#
# FAYASM_CPU_FLAGS picks the core and float ABI, e.g.
#   "-mcpu=cortex-m4 -mthumb"                                (soft float, default)
#   "-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16"   (Cortex-M4F)
#   "-mcpu=cortex-m0plus -mthumb", "-mcpu=cortex-m33 -mthumb", ...
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)
set(CMAKE_C_COMPILER arm-none-eabi-gcc)
# There is no OS to link a test program for: probe the compiler with a library.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(FAYASM_CPU_FLAGS "-mcpu=cortex-m4 -mthumb" CACHE STRING "CPU and float-ABI flags")

# -ffunction-sections/-fdata-sections + --gc-sections: only what is called
# gets linked. __int64_t_defined: Debian's arm-none-eabi GCC uses its own
# freestanding <stdint.h>, so newlib's <inttypes.h> leaves PRIx64 & co.
# undefined unless <stdio.h> came first (docs/portability.md).
set(CMAKE_C_FLAGS_INIT "${FAYASM_CPU_FLAGS} -ffunction-sections -fdata-sections -D__int64_t_defined=1")
set(CMAKE_C_FLAGS_MINSIZEREL_INIT "-Os -DNDEBUG")
set(CMAKE_C_FLAGS_RELEASE_INIT "-O2 -DNDEBUG")
# newlib-nano (small printf/malloc) and nosys (stub syscalls: _sbrk, _write...).
set(CMAKE_EXE_LINKER_FLAGS_INIT "--specs=nano.specs --specs=nosys.specs -Wl,--gc-sections")

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
