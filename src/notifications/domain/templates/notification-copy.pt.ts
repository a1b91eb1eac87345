import { plural } from '../../../shared/mail/email-layout.js';
import type { CopyFacts, NotificationCopy } from './notification-copy.js';

const BY = { you: ' por si', booker: ' pelo autor da reserva', staff: ' pela equipa', approver: ' por um aprovador', system: ' automaticamente' } as const;
const by = (f: CopyFacts): string => (f.actor ? BY[f.actor] : '');

const notYou = 'Se não foi você, redefina já a palavra-passe na página de entrada do Reserva e contacte o suporte.';

/** European Portuguese, like the identity emails; Brazilian readers get it too (pt-BR → pt). */
export const PT: NotificationCopy = {
  lang: 'pt',
  greeting: (name) => (name ? `Olá ${name},` : 'Olá,'),
  quote: (name) => name,
  signature: 'A equipa Reserva',
  linkFallback: 'Se o botão não funcionar, copie este endereço para o seu navegador:',
  someSpace: 'um espaço',
  unknownDevice: 'um navegador desconhecido',
  labels: {
    space: 'Espaço',
    site: 'Onde',
    when: 'Quando',
    yourTime: 'Na sua hora',
    purpose: 'Finalidade',
    reason: 'Motivo',
    comment: 'Comentário',
    previous: 'Antes',
    requested: 'Pedido',
    closure: 'Encerrado',
    resource: 'Recurso',
    signedInAt: 'Entrada',
    device: 'Navegador',
  },
  actions: { booking: 'Abrir a reserva', account: 'Abrir a sua conta' },
  duration: (minutes) =>
    minutes % 60 === 0 ? plural('pt', minutes / 60, { one: 'hora', other: 'horas' }) : plural('pt', minutes, { one: 'minuto', other: 'minutos' }),
  kinds: {
    'booking.requested': {
      subject: (f) => `Pedido de reserva recebido: ${f.space}`,
      intro: (f) => (f.actor === 'staff' ? `A equipa pediu uma reserva de ${f.space} para si.` : `O seu pedido de reserva de ${f.space} foi recebido.`),
      outro: () => 'Avisamos assim que estiver confirmada.',
    },
    'booking.pending_approval': {
      subject: (f) => `Aprovação necessária: ${f.space}`,
      intro: (f) => `Uma reserva de ${f.space} aguarda a sua aprovação.`,
    },
    'booking.approved': {
      subject: (f) => `Reserva aprovada: ${f.space}`,
      intro: (f) => `A reserva de ${f.space} foi aprovada${by(f)}.`,
    },
    'booking.rejected': {
      subject: (f) => `Reserva recusada: ${f.space}`,
      intro: (f) =>
        f.rejectedBecause === 'conflict'
          ? `Não foi possível fazer a reserva de ${f.space}: o horário já não está livre.`
          : f.rejectedBecause === 'abandoned'
            ? `Não foi possível concluir a reserva de ${f.space}. Tente novamente.`
            : `A reserva de ${f.space} foi recusada${by(f)}.`,
    },
    'booking.confirmed': {
      subject: (f) => `Reserva confirmada: ${f.space}`,
      intro: (f) => `A reserva de ${f.space} está confirmada.`,
    },
    'booking.changed': {
      subject: (f) => `Reserva alterada: ${f.space}`,
      intro: (f) => `A reserva de ${f.space} foi alterada${by(f)}. Estes são agora os seus detalhes.`,
    },
    'booking.change_rejected': {
      subject: (f) => `Alteração não possível: ${f.space}`,
      intro: (f) =>
        f.rejectedBecause === 'conflict'
          ? `Não foi possível mudar a reserva de ${f.space}: o horário pedido não está livre. A reserva mantém-se como estava.`
          : `Não foi possível fazer a alteração pedida à reserva de ${f.space}; a reserva mantém-se como estava.`,
    },
    'booking.cancelled': {
      subject: (f) => `Reserva cancelada: ${f.space}`,
      intro: (f) => `A reserva de ${f.space} foi cancelada${by(f)}.`,
    },
    'booking.reminder': {
      subject: (f) => `Lembrete: ${f.space}, ${f.when}`,
      intro: (f) => (f.lead ? `A sua reserva de ${f.space} começa dentro de ${f.lead}.` : `A sua reserva de ${f.space} começa em breve.`),
      push: (f) => `${f.space}: ${f.when}`,
    },
    'booking.missed_checkin': {
      subject: (f) => `Check-in em falta: ${f.space}`,
      intro: (f) => `Ninguém fez o check-in da reserva de ${f.space}.`,
      outro: () => 'Se já não precisa do espaço, cancele a reserva para que outros o possam usar.',
    },
    'booking.disrupted': {
      subject: (f) => `Reserva afetada: ${f.space}`,
      intro: (f) =>
        f.disruption?.cause === 'resource_retired'
          ? `${f.disruption.resource ?? 'Um recurso'} deixou de estar disponível para a reserva de ${f.space}.`
          : `O espaço ${f.space} está encerrado durante a reserva abaixo.`,
      outro: () => 'Verifique a reserva e altere-a ou cancele-a se for preciso.',
    },
    'account.email_verified': {
      subject: () => 'O seu email está confirmado',
      intro: () => 'O seu endereço de email no Reserva está confirmado. Obrigado!',
    },
    'account.password_reset_requested': {
      subject: () => 'Pedido de redefinição da palavra-passe',
      intro: () => 'Alguém pediu para redefinir a palavra-passe da sua conta Reserva; o link seguiu num email à parte.',
      outro: () => 'Se não foi você, ignore esse email: a sua palavra-passe não muda.',
    },
    'account.password_changed': {
      subject: () => 'A sua palavra-passe do Reserva foi alterada',
      intro: (f) =>
        f.passwordChangedVia === 'reset'
          ? 'A palavra-passe da sua conta Reserva acabou de ser redefinida através de um link enviado por email. Se foi você, não precisa de fazer mais nada.'
          : 'A palavra-passe da sua conta Reserva acabou de ser alterada. Se foi você, não precisa de fazer mais nada.',
      outro: () => notYou,
    },
    'account.new_login': {
      subject: () => 'Nova entrada na sua conta Reserva',
      intro: (f) => `Houve uma entrada na sua conta Reserva a partir de ${f.login?.device ?? 'um navegador desconhecido'}.`,
      outro: () => notYou,
    },
    'account.two_factor_changed': {
      subject: () => 'A autenticação de dois fatores foi alterada',
      intro: (f) =>
        f.twoFactor === 'enabled'
          ? 'A autenticação de dois fatores foi ativada na sua conta Reserva.'
          : f.twoFactor === 'disabled'
            ? 'A autenticação de dois fatores foi desativada na sua conta Reserva.'
            : 'As definições de autenticação de dois fatores da sua conta Reserva foram alteradas.',
      outro: () => notYou,
    },
  },
};
