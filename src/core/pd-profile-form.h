/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-profile-form.h: placeholder */
#pragma once
