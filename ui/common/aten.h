#pragma once
// ATen's functions for ui/ .cpp files, with Qt's `slots` macro lifted (see ui/common/tensor.h).
#pragma push_macro("slots")
#undef slots
#include <ATen/ATen.h>
#pragma pop_macro("slots")
