# fayasm-core.cmake - the core runtime only (decode, validate, compile, exec,
# instance, api, memory, table, trap): no WASI, no tools, no tests, no file
# I/O or dynamic loading when FAYASM_BARE_METAL is on. Used by cmake/core
# (bare-metal and size builds) and by the ESP-IDF component branch of the
# root CMakeLists.txt.
#
# Sets:
#   FAYASM_ROOT              the repository
#   FAYASM_CORE_SOURCES      src/*.c and src/util/*.c (every file is core)
#   FAYASM_CORE_PUBLIC_INCLUDE / FAYASM_CORE_PRIVATE_INCLUDE
#   FAYASM_CORE_OPTIONS      compile options: force-include fayasm_config.h
#   FAYASM_CORE_DEFINITIONS  the knobs given as FAYASM_CORE_KNOBS
# and, when called, fayasm_core_configure(target) applies them to a target.
#
# Knobs: pass -DFAYASM_CORE_KNOBS="FAYASM_BARE_METAL=1;FAYASM_SIMD=0" (any
# macro of include/fayasm_config.h); FAYASM_TARGET_RAM_BYTES has its own
# cache variable because it drives the small-target defaults.
get_filename_component(FAYASM_ROOT "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)

file(GLOB FAYASM_CORE_SOURCES CONFIGURE_DEPENDS
     "${FAYASM_ROOT}/src/*.c" "${FAYASM_ROOT}/src/util/*.c")
set(FAYASM_CORE_PUBLIC_INCLUDE "${FAYASM_ROOT}/include")
set(FAYASM_CORE_PRIVATE_INCLUDE "${FAYASM_ROOT}/src")
# Every source sees the same knobs, whether or not it includes the header.
set(FAYASM_CORE_OPTIONS -include "${FAYASM_ROOT}/include/fayasm_config.h")

set(FAYASM_CORE_KNOBS "" CACHE STRING "fayasm_config.h knobs, e.g. FAYASM_SIMD=0;FAYASM_DISPATCH_SWITCH=1")
set(FAYASM_TARGET_RAM_BYTES "0" CACHE STRING "RAM hint for the defaults (0 = hosted)")
set(FAYASM_CORE_DEFINITIONS ${FAYASM_CORE_KNOBS} FAYASM_TARGET_RAM_BYTES=${FAYASM_TARGET_RAM_BYTES})

function(fayasm_core_configure target)
  target_include_directories(${target} PUBLIC ${FAYASM_CORE_PUBLIC_INCLUDE}
                                       PRIVATE ${FAYASM_CORE_PRIVATE_INCLUDE})
  target_compile_options(${target} PRIVATE ${FAYASM_CORE_OPTIONS})
  target_compile_definitions(${target} PUBLIC ${FAYASM_CORE_DEFINITIONS})
  if(CMAKE_C_COMPILER_ID MATCHES "GNU|Clang")
    # ISO C mode already keeps a*b+c unfused; say so for gnu modes too
    # (wasm float results must not depend on the host's FMA).
    target_compile_options(${target} PRIVATE -Wall -Wextra -ffp-contract=off)
  endif()
endfunction()
