#include "stackrun_c.h"
