// libsodium, from Debian's libsodium-dev: the project's only cryptography.
#include <sodium.h>
