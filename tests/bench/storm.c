/* The syscall storm of the collector benchmark: N opens and closes of one file, timed by the caller. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000000;
	const char *path = argc > 2 ? argv[2] : "/tmp/hermes-storm-file";
	close(open(path, O_CREAT | O_WRONLY, 0644));
	for (long i = 0; i < n; i++) {
		int fd = open(path, O_RDONLY);
		if (fd < 0) { perror("open"); return 1; }
		close(fd);
	}
	return 0;
}
