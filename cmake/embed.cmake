# SPDX-License-Identifier: MIT
# cotation_embed(OUTPUT file.cpp SYMBOL name FILES a.txt b.txt ...)
#
# Generates a C++ source defining
#   namespace cotation::detail { extern const embedded_file name[]; extern const std::size_t name_count; }
# with each file's base name and its bytes, so that the library parses its bundled data with the
# same loaders it uses for files on disk. Regenerated when a data file changes.
function(cotation_embed)
  cmake_parse_arguments(EMBED "" "OUTPUT;SYMBOL" "FILES" ${ARGN})
  set(abs_files "")
  foreach(f IN LISTS EMBED_FILES)
    list(APPEND abs_files ${CMAKE_CURRENT_SOURCE_DIR}/${f})
  endforeach()
  add_custom_command(
    OUTPUT ${EMBED_OUTPUT}
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${EMBED_OUTPUT} -DSYMBOL=${EMBED_SYMBOL}
            "-DFILES=${abs_files}" -P ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/embed_script.cmake
    DEPENDS ${abs_files} ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/embed_script.cmake
    COMMENT "Embedding ${EMBED_SYMBOL}"
    VERBATIM)
endfunction()
