// Nothing to compile: this target exists to build the precompiled Qt headers every test reuses
// (tests/CMakeLists.txt, jsoc_test_pch).
