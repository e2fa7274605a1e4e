# check_wasm.cmake - fails if the committed WASM differs from what wat2wasm
# makes of WAT today. Usage:
#   cmake -DWAT2WASM=... -DWAT=x.wat -DWASM=x.wasm -DOUT=tmp.wasm -P check_wasm.cmake
execute_process(COMMAND ${WAT2WASM} ${WAT} -o ${OUT} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "wat2wasm failed on ${WAT}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${OUT} ${WASM} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${WASM} is stale: run `wat2wasm ${WAT} -o ${WASM}`")
endif()
message(STATUS "${WASM} matches ${WAT}")
