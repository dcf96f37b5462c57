#pragma once

// QCustomPlot's header uses Qt's `foreach` in two templates (QCustomPlot::plottables<T>() and
// items<T>()), which QT_NO_FOREACH removes; a range-for does the same for those two loops.
#ifndef foreach
#define foreach(declaration, container) for (declaration : container)
#define FF_QCUSTOMPLOT_FOREACH
#endif
#include <qcustomplot.h>
#ifdef FF_QCUSTOMPLOT_FOREACH
#undef foreach
#undef FF_QCUSTOMPLOT_FOREACH
#endif
