#!/bin/sh
# Placeholder until the golden tests exist.
exit 77
