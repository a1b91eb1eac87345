import { useT } from '../../i18n/i18n.js';
import { amenityLabel } from './amenities.js';

/** A space's amenity and equipment tags as chips; beyond `limit`, a count of the rest. */
export function AmenityList({ tags, limit }: { tags: string[]; limit?: number }) {
  const t = useT();
  if (tags.length === 0) return null;
  const shown = limit === undefined ? tags : tags.slice(0, limit);
  return (
    <ul className="search-tags" aria-label={t('search.amenities')}>
      {shown.map((tag) => (
        <li key={tag}>{amenityLabel(t, tag)}</li>
      ))}
      {tags.length > shown.length && <li className="search-tags-more">{t('search.moreTags', { count: tags.length - shown.length })}</li>}
    </ul>
  );
}
