# Runs moc on one test file (cmake -P, from jsoc_test in tests/CMakeLists.txt):
#   -DMOC=<moc> -DSOURCE=<tst_x.cpp> -DOUTPUT=<dir/tst_x.moc>
# moc is given no include paths: a test file's class needs none (its slots are plain names moc knows),
# and following QtTest's headers was 0.7 of moc's 0.7 s per test. That holds only while the file has
# no preprocessor conditionals (a slot under `#if` on a Qt macro would vanish), so one is refused.
file(READ "${SOURCE}" text)
if(text MATCHES "(^|\n)[ \t]*#[ \t]*if")
  message(FATAL_ERROR "${SOURCE} has a preprocessor conditional, which tests' include-free moc would "
                      "read wrongly: drop it, or give the test AUTOMOC back in tests/CMakeLists.txt")
endif()
execute_process(COMMAND "${MOC}" "${SOURCE}" -o "${OUTPUT}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "moc failed on ${SOURCE}")
endif()
