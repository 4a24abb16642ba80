/**
 * The file names inside a ZIP archive, read from its central directory (no decompression). Returns
 * null when the bytes are not a readable ZIP. Enough to tell whether an archive carries an executable.
 */
export function zipEntryNames(bytes: Buffer, max = 10_000): string[] | null {
  // End of central directory record: signature 0x06054b50, within the last 64 KiB + 22 bytes.
  const floor = Math.max(0, bytes.length - 65_557);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= floor; i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = bytes.readUInt16LE(eocd + 10);
  let at = bytes.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let n = 0; n < Math.min(count, max); n++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== 0x02014b50) return names.length ? names : null;
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    names.push(bytes.toString('utf8', at + 46, at + 46 + nameLength));
    // Info-ZIP's Unicode Path extra field (0x7075) names the file as unzip tools show and save it.
    for (let x = at + 46 + nameLength, end = x + extraLength; x + 4 <= end && x + 4 <= bytes.length; ) {
      const id = bytes.readUInt16LE(x);
      const size = bytes.readUInt16LE(x + 2);
      if (id === 0x7075 && size > 5 && x + 4 + size <= bytes.length) names.push(bytes.toString('utf8', x + 9, x + 4 + size));
      x += 4 + size;
    }
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}
