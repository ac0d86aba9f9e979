/** SIPp XML that sends RFC 2833 digits from the sip-tester pcaps, each after a pause. */
export function dtmfBlock(keys: readonly { digit: string; afterMs: number }[]): string {
  return keys
    .map(
      ({ digit, afterMs }) =>
        `  <pause milliseconds="${afterMs}"/>\n` +
        `  <nop><action><exec play_pcap_audio="/usr/share/sip-tester/dtmf_2833_${digit}.pcap"/></action></nop>\n` +
        `  <pause milliseconds="300"/>`,
    )
    .join('\n');
}
