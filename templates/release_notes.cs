<h1><?cs var:L.releases.title ?></h1>
<p class="muted"><?cs var:L.releases.lead ?></p>
<?cs if:Req.Lang == "en" ?>
<section class="card spaced">
  <h2>0.6 — 2026-11-26</h2>
  <ul>
    <li>Two-factor sign-in with an authenticator app (TOTP, a QR code to set it up, recovery codes); an organisation can require it of everyone.</li>
    <li>An IP allow-list per organisation (IPv4 and IPv6 ranges); sign-ins from elsewhere are refused and recorded.</li>
    <li>The access log: every request of the organisation's users, filtered and downloaded as CSV; both logs kept six months, then archived to compressed files admins can download.</li>
    <li>The admin panel: contract types, the user list searched and filtered, the organisation's logo; every change in the operation log with old and new values. Notices are mailed in the registered contact's language.</li>
  </ul>
</section>
<section class="card spaced">
  <h2>0.5 — 2026-11-26</h2>
  <ul>
    <li>Electronic signatures (witness type): send an approved contract to signers in order or all at once, with a message, a deadline, reminders and access codes; each signer signs or declines from a personal link; a PDF signature with a timestamp for each, and a document timestamp to seal the file.</li>
    <li>Audit certificates (合意締結証明書), the standalone verifier <code>keiyaku-verify</code>, and bulk verification of every stored file.</li>
    <li>The operation log cannot be edited: a hash chain, sealed daily, checked on demand; the admins' log viewer with filters and CSV.</li>
    <li>The operator console: organisations (size, suspend, registered contact), notices with a banner and the public status page, support inquiries, maintenance mode.</li>
  </ul>
</section>
<section class="card spaced">
  <h2>0.4 — 2026-11-25</h2>
  <ul>
    <li>Outgoing mail: a queue, SMTP with STARTTLS, Japanese headers; reminders and mentions by mail.</li>
    <li>Full-text search in Japanese over 100,000 contracts in under 100 ms.</li>
  </ul>
</section>
<section class="card spaced">
  <h2>0.3 — 2026-11-24</h2>
  <ul>
    <li>The contract ledger: contracts, custom fields, tags, documents (virus-scanned, encrypted at rest), the approval workflow, comments, reminders and automatic renewal.</li>
  </ul>
</section>
<section class="card spaced">
  <h2>0.1 — 2026-11-23</h2>
  <ul><li>The foundation: sign-in, sessions, organisations and roles on Apache, FastCGI and MariaDB.</li></ul>
</section>
<?cs else ?>
<section class="card spaced">
  <h2>0.6 — 2026-11-26</h2>
  <ul>
    <li>認証アプリによる2段階認証（TOTP。QR コードで設定、リカバリーコード付き）。組織全体で必須にできます。</li>
    <li>組織ごとの IP アドレス制限（IPv4・IPv6 の範囲）。ほかの場所からのサインインは拒否され、記録されます。</li>
    <li>アクセスログ：組織のユーザーのすべてのリクエストを絞り込み、CSV でダウンロード。両方のログを6か月保存し、その後は管理者がダウンロードできる圧縮ファイルにアーカイブします。</li>
    <li>管理パネル：契約種別、ユーザー一覧の検索・絞り込み、組織のロゴ。すべての変更を変更前・変更後の値とともに操作ログに記録。お知らせメールは登録連絡先の言語で送ります。</li>
  </ul>
</section>
<section class="card spaced">
  <h2>0.5 — 2026-11-26</h2>
  <ul>
    <li>電子署名（立会人型）：承認済みの契約を、順番に・同時に署名者へ送り、メッセージ・期限・リマインド・アクセスコードを設定できます。署名者は個別のリンクから署名または辞退し、署名ごとにタイムスタンプ付きの PDF 署名、最後に文書タイムスタンプで封印します。</li>
    <li>合意締結証明書、単体で動く検証コマンド <code>keiyaku-verify</code>、保存ファイルの一括検証。</li>
    <li>操作ログは変更できません：ハッシュチェーン、日次の封印、検証。管理者向けの操作ログ画面（絞り込み・CSV）。</li>
    <li>運用コンソール：組織（規模・利用停止・登録連絡先）、お知らせ（バナーと公開の稼働状況ページ）、お問い合わせ、メンテナンスモード。</li>
  </ul>
</section>
<section class="card spaced">
  <h2>0.4 — 2026-11-25</h2>
  <ul>
    <li>メール送信：送信キュー、STARTTLS 対応の SMTP、日本語ヘッダー。期限のお知らせとメンションをメールでも。</li>
    <li>10万件の契約を100ミリ秒未満で検索できる日本語全文検索。</li>
  </ul>
</section>
<section class="card spaced">
  <h2>0.3 — 2026-11-24</h2>
  <ul>
    <li>契約台帳：契約、追加項目、タグ、契約書ファイル（ウイルス検査・暗号化保存）、承認ワークフロー、コメント、期限のお知らせと自動更新。</li>
  </ul>
</section>
<section class="card spaced">
  <h2>0.1 — 2026-11-23</h2>
  <ul><li>基盤：Apache・FastCGI・MariaDB の上のサインイン、セッション、組織とロール。</li></ul>
</section>
<?cs /if ?>
