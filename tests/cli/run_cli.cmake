# SPDX-License-Identifier: MIT
# Runs the real `cotation` process and checks its exit code, standard error and output:
#   cmake -DCOTATION=<exe> "-DARGS=a|b|c" -DEXPECT_EXIT=2 [-DEXPECT_STDERR=<regex>]
#         [-DEXPECT_STDOUT_FILE=<golden>] [-DEXPECT_STDOUT=<regex>] -P run_cli.cmake
string(REPLACE "|" ";" ARGS "${ARGS}")
execute_process(COMMAND ${COTATION} ${ARGS}
                RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT code STREQUAL EXPECT_EXIT)
  message(FATAL_ERROR "cotation ${ARGS}: exit code ${code}, expected ${EXPECT_EXIT}\nstderr: ${err}")
endif()
if(DEFINED EXPECT_STDERR)
  if(NOT err MATCHES "${EXPECT_STDERR}")
    message(FATAL_ERROR "cotation ${ARGS}: stderr does not match '${EXPECT_STDERR}':\n${err}")
  endif()
elseif(NOT err STREQUAL "")
  message(FATAL_ERROR "cotation ${ARGS}: unexpected stderr:\n${err}")
endif()
if(DEFINED EXPECT_STDOUT AND NOT out MATCHES "${EXPECT_STDOUT}")
  message(FATAL_ERROR "cotation ${ARGS}: stdout does not match '${EXPECT_STDOUT}':\n${out}")
endif()
if(DEFINED EXPECT_STDOUT_FILE)
  file(READ ${EXPECT_STDOUT_FILE} expected)
  if(NOT out STREQUAL expected)
    message(FATAL_ERROR "cotation ${ARGS}: stdout differs from ${EXPECT_STDOUT_FILE}")
  endif()
endif()
