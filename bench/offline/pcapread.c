/*
 * The floor for offline reading: open a capture with libpcap and count its
 * packets with pcap_next_ex(), touching one byte of each so the read is not
 * optimised away. Prints "PACKETS CHECKSUM".
 */
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>

int
main(int argc, char **argv)
{
	char err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const unsigned char *data;
	unsigned long long n = 0, sum = 0;
	pcap_t *p;
	int r;

	if (argc != 2) {
		fprintf(stderr, "usage: pcapread FILE\n");
		return 2;
	}
	if ((p = pcap_open_offline(argv[1], err)) == NULL) {
		fprintf(stderr, "pcapread: %s\n", err);
		return 1;
	}
	while ((r = pcap_next_ex(p, &h, &data)) == 1) {
		n++;
		if (h->caplen > 0)
			sum += data[h->caplen - 1];
	}
	if (r == PCAP_ERROR) {
		fprintf(stderr, "pcapread: %s\n", pcap_geterr(p));
		pcap_close(p);
		return 1;
	}
	pcap_close(p);
	printf("%llu %llu\n", n, sum);
	return 0;
}
