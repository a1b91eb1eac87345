import { useEffect, useRef, useState } from 'react';
import type { Notification, NotificationPage } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import { useNotificationStream } from '../../live/notification-stream.js';
import { useTime } from '../../time/use-time.js';
import { EmptyState, Loaded } from '../../ui/Loading.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { ProblemMessage } from '../../ui/ProblemMessage.js';
import { Tabs } from '../../ui/Tabs.js';
import { useAction, useAsync } from '../../ui/use-async.js';
import { InboxItem } from './InboxItem.js';
import { meApi } from './me-api.js';
import { MeNav } from './MeNav.js';
import { notificationText } from './notification-text.js';
import './me.css';

const me = meApi();
const PAGE_SIZE = 30;
type Filter = 'all' | 'unread';

const markedRead = (page: NotificationPage, isMarked: (n: Notification) => boolean, readAt: string): NotificationPage => ({
  ...page,
  items: page.items.map((n) => (n.readAt === null && isMarked(n) ? { ...n, readAt } : n)),
});

export default function InboxPage() {
  const t = useT();
  const time = useTime();
  const { unread, setUnread, subscribe } = useNotificationStream();
  const [filter, setFilter] = useState<Filter>('all');
  const list = useAsync((signal) => me.notifications({ unread: filter === 'unread', limit: PAGE_SIZE }, signal), [filter]);
  const [announcement, setAnnouncement] = useState('');
  const [allMarked, setAllMarked] = useState(false);

  // New notifications go on top as they arrive, and are read out; the ref keeps the words current.
  const words = useRef({ t, time });
  words.current = { t, time };
  const { setData } = list;
  useEffect(
    () =>
      subscribe((n) => {
        setData((old) => (old && !old.items.some((i) => i.id === n.id) ? { ...old, items: [n, ...old.items] } : old!));
        const { t: tr, time: tm } = words.current;
        setAnnouncement(tr('me.inbox.arrived', { text: notificationText(n, tr, { range: tm.range, format: (i) => tm.format(i) }).sentence }));
        setAllMarked(false);
      }),
    [subscribe, setData],
  );

  const markOne = useAction(async (n: Notification) => {
    const read = await me.markRead(n.id);
    setData((old) => markedRead(old!, (i) => i.id === read.id, read.readAt ?? new Date().toISOString()));
    if (unread !== undefined) setUnread(Math.max(0, unread - 1));
  });
  const markAll = useAction(async (upTo: number) => {
    const answer = await me.markAllRead(upTo);
    setData((old) => markedRead(old!, (i) => i.id <= upTo, new Date().toISOString()));
    setUnread(answer.unread);
    setAllMarked(true);
  });
  const more = useAction(async (before: number) => {
    const page = await me.notifications({ before, unread: filter === 'unread', limit: PAGE_SIZE });
    setData((old) => ({ items: [...old!.items, ...page.items.filter((n) => !old!.items.some((o) => o.id === n.id))], nextBefore: page.nextBefore }));
  });

  const items = list.data?.items ?? [];
  const newest = items.reduce((max, n) => Math.max(max, n.id), 0);
  const anyUnread = items.some((n) => n.readAt === null);
  return (
    <section className="me-page">
      <PageHeader title={t('me.inbox.title')}>
        {unread !== undefined && unread > 0 && <span className="me-count">{t('me.inbox.unreadCount', { count: unread })}</span>}
        <button type="button" className="secondary" disabled={!anyUnread || markAll.pending} onClick={() => void markAll.run(newest)}>
          {t('me.inbox.markAllRead')}
        </button>
      </PageHeader>
      <MeNav />
      <div role="status" aria-live="polite" className="visually-hidden">
        {announcement}
      </div>
      <p role="status" className="me-status">
        {allMarked ? t('me.inbox.allMarked') : ''}
      </p>
      <ProblemMessage problem={markAll.error ?? markOne.error ?? more.error} />
      <Tabs<Filter>
        label={t('me.inbox.filter')}
        tabs={[
          { key: 'all', label: t('me.inbox.all') },
          { key: 'unread', label: t('me.inbox.unread') },
        ]}
        selected={filter}
        onSelect={(f) => {
          setAllMarked(false);
          setFilter(f);
        }}
      >
        <Loaded state={list}>
          {(page) =>
            page.items.length === 0 ? (
              <EmptyState>{t(filter === 'unread' ? 'me.inbox.emptyUnread' : 'me.inbox.empty')}</EmptyState>
            ) : (
              <>
                <ul className="me-inbox" aria-busy={list.loading}>
                  {page.items.map((n) => (
                    <InboxItem key={n.id} notification={n} pending={markOne.pending} onMarkRead={(x) => void markOne.run(x)} />
                  ))}
                </ul>
                {page.nextBefore !== null && (
                  <button type="button" className="secondary me-more" disabled={more.pending} onClick={() => void more.run(page.nextBefore!)}>
                    {t('app.more')}
                  </button>
                )}
              </>
            )
          }
        </Loaded>
      </Tabs>
    </section>
  );
}
