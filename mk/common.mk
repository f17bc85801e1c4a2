# Shared build settings for every program directory. Honours CC, CFLAGS,
# CPPFLAGS, LDFLAGS, PKG_CONFIG, PREFIX and DESTDIR, so it cross-builds.

CC ?= cc
PKG_CONFIG ?= pkg-config
PREFIX ?= /usr/local
DESTDIR ?=
BINDIR ?= $(PREFIX)/bin
SBINDIR ?= $(PREFIX)/sbin
DATADIR ?= $(PREFIX)/share/synprint
MANDIR ?= $(PREFIX)/share/man
SYSCONFDIR ?= /etc

OPT ?= -O2
CFLAGS ?= $(OPT) -g
WARN = -Wall -Wextra -Wformat=2 -Wshadow -Wpointer-arith -Wcast-qual \
	-Wstrict-prototypes -Wmissing-prototypes -Wvla -Wno-unused-parameter \
	-Wimplicit-fallthrough -Wnull-dereference
HARDEN = -fstack-protector-strong -D_FORTIFY_SOURCE=2 -fPIE
HARDEN_LD = -pie -Wl,-z,relro -Wl,-z,now
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(HARDEN) $(CPPFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(HARDEN_LD) $(LDFLAGS)

ifeq ($(V),1)
Q =
msg = @true
else
Q = @
msg = @printf '  %-8s %s\n'
endif

%.o: %.c
	$(msg) CC $@
	$(Q)$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) -MMD -MP -c -o $@ $<
