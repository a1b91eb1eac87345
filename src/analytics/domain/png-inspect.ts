import { crc32, inflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface PngStructure {
  chunks: string[];
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  text: Record<string, string>;
  /** Truecolour 8-bit pixels, 3 bytes each, after undoing filter type 0 (the only one our encoder writes). */
  pixel(x: number, y: number): [number, number, number];
}

/**
 * Reads a PNG back: signature, every chunk's CRC, IHDR, tEXt, and the inflated IDAT scanlines
 * (which must be exactly height × (1 + width × 3) bytes). The specs check our encoder with it.
 */
export function inspectPng(file: Buffer): PngStructure {
  if (!file.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG signature');
  const chunks: string[] = [];
  const idat: Buffer[] = [];
  const text: Record<string, string> = {};
  let header: Buffer | undefined;
  for (let at = 8; at < file.length; ) {
    const length = file.readUInt32BE(at);
    const type = file.toString('latin1', at + 4, at + 8);
    const data = file.subarray(at + 8, at + 8 + length);
    const crc = file.readUInt32BE(at + 8 + length);
    if (crc32(file.subarray(at + 4, at + 8 + length)) !== crc) throw new Error(`bad CRC in chunk ${type}`);
    chunks.push(type);
    if (type === 'IHDR') header = data;
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'tEXt') {
      const nul = data.indexOf(0);
      text[data.toString('latin1', 0, nul)] = data.toString('latin1', nul + 1);
    }
    at += 12 + length;
  }
  if (!header || chunks[0] !== 'IHDR' || chunks.at(-1) !== 'IEND') throw new Error('IHDR must come first and IEND last');
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = 1 + width * 3;
  if (raw.length !== stride * height) throw new Error(`IDAT inflates to ${raw.length} bytes, expected ${stride * height}`);
  for (let y = 0; y < height; y++) if (raw[y * stride] !== 0) throw new Error(`scanline ${y} uses filter ${raw[y * stride]}`);
  return {
    chunks,
    width,
    height,
    bitDepth: header[8]!,
    colourType: header[9]!,
    text,
    pixel: (x, y) => {
      const at = y * stride + 1 + x * 3;
      return [raw[at]!, raw[at + 1]!, raw[at + 2]!];
    },
  };
}
