/** SIPp XML that plays the speech pcap of sip-tester (7 s of PCMA) after a pause; play_pcap_audio does not block. */
export const SPEECH_PCAP_MS = 7050;

export function speechBlock(afterMs: number): string {
  return (
    `  <pause milliseconds="${afterMs}"/>\n` +
    `  <nop><action><exec play_pcap_audio="/usr/share/sip-tester/g711a.pcap"/></action></nop>`
  );
}

/** The seconds (indexes) whose level is above `threshold`. */
export function activeSeconds(levels: readonly number[], threshold: number): number[] {
  return levels.flatMap((v, i) => (v > threshold ? [i] : []));
}
