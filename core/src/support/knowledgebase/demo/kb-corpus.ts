/**
 * A realistic hosting-company knowledgebase: the demo seed publishes it, the search tests rank
 * real questions against it, and the search benchmark multiplies it. Bodies are Markdown.
 */
export interface CorpusCategory {
  slug: string
  name: string
  description: string
}

export interface CorpusArticle {
  category: string
  title: string
  slug: string
  body: string
}

export const KB_CATEGORIES: CorpusCategory[] = [
  {
    slug: 'getting-started',
    name: 'Getting started',
    description: 'Your account, the client area and first steps.',
  },
  {
    slug: 'domains-dns',
    name: 'Domains and DNS',
    description: 'Registering, transferring and pointing domains.',
  },
  { slug: 'email', name: 'Email', description: 'Mailboxes, mail clients and delivery problems.' },
  {
    slug: 'ssl-security',
    name: 'SSL and security',
    description: 'Certificates, HTTPS and keeping your site safe.',
  },
  { slug: 'cpanel-hosting', name: 'cPanel and hosting', description: 'Files, databases, PHP and backups.' },
  { slug: 'billing', name: 'Billing FAQ', description: 'Invoices, payments, renewals and cancellations.' },
]

export const KB_ARTICLES: CorpusArticle[] = [
  {
    category: 'getting-started',
    title: 'How do I reset my client area password?',
    slug: 'reset-client-area-password',
    body: `Forgot the password you use to log in to the client area? Open the login page and choose **Forgot password**.

1. Enter the email address of your account.
2. We send a reset link that works for 60 minutes.
3. Choose a new password of at least 12 characters.

The reset link can be used once. If no email arrives, check your spam folder, then contact support.`,
  },
  {
    category: 'getting-started',
    title: 'Enable two-factor authentication on your account',
    slug: 'enable-two-factor-authentication',
    body: `Two-factor authentication protects your account even if someone learns your password. Open **Account → Security**, scan the QR code with an authenticator app and type the six-digit code to confirm. Keep the recovery codes somewhere safe: each one logs you in once if you lose your phone.`,
  },
  {
    category: 'getting-started',
    title: 'Update your contact details and billing address',
    slug: 'update-contact-details',
    body: `Your name, company, address and tax ID appear on every invoice. Change them under **Account → Profile**. Changes apply to new invoices only; invoices already issued keep the details they were issued with.`,
  },
  {
    category: 'getting-started',
    title: 'Open a support ticket',
    slug: 'open-a-support-ticket',
    body: `Choose **Support → New ticket**, pick the department (Technical, Billing or Sales), describe the problem and attach screenshots if they help. You get an email when staff reply. Please open one ticket per problem.`,
  },
  {
    category: 'domains-dns',
    title: 'Point your domain to our nameservers',
    slug: 'point-domain-to-nameservers',
    body: `To host a domain registered elsewhere with us, change its **nameservers** at your registrar to:

- ns1.berth-hosting.example
- ns2.berth-hosting.example

Log in to your registrar's control panel, find the DNS or nameserver settings for the domain and replace the existing nameservers. Propagation takes up to 24 hours; during that time some visitors still reach the old host.`,
  },
  {
    category: 'domains-dns',
    title: 'Add an A record or CNAME record',
    slug: 'add-a-record-cname',
    body: `An A record points a host name at an IPv4 address; a CNAME makes one name an alias of another. In cPanel open **Zone Editor**, choose the domain and click **Add Record**. Set a low TTL (300 seconds) before a move so changes spread quickly.`,
  },
  {
    category: 'domains-dns',
    title: 'Transfer a domain to us',
    slug: 'transfer-a-domain',
    body: `Unlock the domain at your current registrar and ask them for the EPP (authorisation) code. Order a transfer in the client area with that code. The transfer takes five to seven days and adds a year to the registration. Domains registered in the last 60 days cannot be transferred.`,
  },
  {
    category: 'domains-dns',
    title: 'DNS changes are not showing: understanding propagation',
    slug: 'dns-propagation',
    body: `Resolvers cache DNS answers for the record's TTL. After you change a record, visitors whose resolver cached the old answer keep seeing it until the TTL expires, usually within a few hours. Use \`dig +trace example.com\` to see what the authoritative nameservers answer now.`,
  },
  {
    category: 'domains-dns',
    title: 'Renew a domain before it expires',
    slug: 'renew-a-domain',
    body: `Domains with auto-renew on are renewed from your account 14 days before expiry. To renew by hand, open the domain and choose **Renew**. An expired domain stops resolving; after the grace period a redemption fee applies.`,
  },
  {
    category: 'email',
    title: 'I am not receiving email',
    slug: 'not-receiving-email',
    body: `If messages sent to you never arrive:

1. Check that the domain's **MX records** point at our mail server (\`mail.berth-hosting.example\`).
2. Check the mailbox is not over its quota: a full mailbox rejects incoming mail.
3. Look in the spam folder and in webmail's filters and forwarders.
4. Ask the sender for the bounce message; it names the reason mail was not received.`,
  },
  {
    category: 'email',
    title: 'Set up your email account in Outlook, Apple Mail or Thunderbird',
    slug: 'set-up-email-client',
    body: `Use these settings in any mail client: incoming IMAP server \`mail.yourdomain.com\`, port 993 with SSL/TLS; outgoing SMTP server \`mail.yourdomain.com\`, port 465 with SSL/TLS and authentication. The user name is your full email address.`,
  },
  {
    category: 'email',
    title: 'My emails go to spam: set up SPF, DKIM and DMARC',
    slug: 'spf-dkim-dmarc',
    body: `Receiving servers trust mail that proves where it comes from. Publish an SPF TXT record listing our servers, turn on DKIM signing in cPanel's **Email Deliverability** page, and add a DMARC record such as \`v=DMARC1; p=quarantine\`. Outgoing mail then stops landing in spam.`,
  },
  {
    category: 'email',
    title: 'Create an email account in cPanel',
    slug: 'create-email-account',
    body: `In cPanel open **Email Accounts → Create**, choose the domain, the address and a strong password, and set the mailbox quota. The new mailbox is ready at once in webmail.`,
  },
  {
    category: 'email',
    title: 'Change the password of an email account',
    slug: 'change-email-account-password',
    body: `In cPanel open **Email Accounts**, find the mailbox and click **Manage**. Type the new password twice and save. Remember to update the saved password in every mail client and phone that uses this mailbox.`,
  },
  {
    category: 'email',
    title: 'Sending email fails with "SMTP authentication required"',
    slug: 'smtp-authentication-required',
    body: `Your mail client is sending without logging in. Turn on "My outgoing server requires authentication" and use the same user name and password as for incoming mail, on port 465 (SSL/TLS) or 587 (STARTTLS).`,
  },
  {
    category: 'email',
    title: 'Forward email to another address',
    slug: 'forward-email',
    body: `Create a forwarder in cPanel under **Forwarders → Add Forwarder**: enter the address to forward and the destination. Forwarding to large free providers may be filtered if the original sender has a strict DMARC policy.`,
  },
  {
    category: 'ssl-security',
    title: 'Install an SSL certificate',
    slug: 'install-ssl-certificate',
    body: `Every hosting plan gets a free certificate automatically. To install a certificate you bought elsewhere, open cPanel's **SSL/TLS → Manage SSL sites**, paste the certificate (CRT), its private key and the CA bundle, and click **Install Certificate**. Then visit your site with https:// to check the padlock.`,
  },
  {
    category: 'ssl-security',
    title: 'Redirect HTTP to HTTPS',
    slug: 'redirect-http-to-https',
    body: `Once the certificate works, send every visitor to the secure address. In cPanel open **Domains** and switch on **Force HTTPS Redirect** for the domain, or add a rewrite rule to your .htaccess file.`,
  },
  {
    category: 'ssl-security',
    title: 'Fix "mixed content" warnings after moving to HTTPS',
    slug: 'mixed-content-warnings',
    body: `The browser warns when a secure page loads images or scripts over plain http. Search your pages and database for \`http://yourdomain\` links and change them to https. WordPress users can update the site address under **Settings → General**.`,
  },
  {
    category: 'ssl-security',
    title: 'My free certificate did not renew',
    slug: 'certificate-did-not-renew',
    body: `Free certificates renew automatically 30 days before they expire, provided the domain points at our server. If the domain uses outside nameservers or a proxy, the validation fails: point the domain here, then run AutoSSL from cPanel.`,
  },
  {
    category: 'ssl-security',
    title: 'Protect a directory with a password',
    slug: 'password-protect-directory',
    body: `cPanel's **Directory Privacy** asks for a user name and password before anyone can open a folder of your site. Choose the folder, tick "Password protect this directory" and add a user.`,
  },
  {
    category: 'cpanel-hosting',
    title: 'Log in to cPanel',
    slug: 'log-in-to-cpanel',
    body: `Open your service in the client area and choose **Log in to cPanel**; you are signed in without a password. You can also go to https://yourdomain.com:2083 and use the user name and password from your welcome email.`,
  },
  {
    category: 'cpanel-hosting',
    title: 'Upload files with FTP or the File Manager',
    slug: 'upload-files-ftp',
    body: `Connect an FTP client such as FileZilla to \`ftp.yourdomain.com\`, port 21 with explicit TLS, using your cPanel user name and password; put website files in **public_html**. For a few files, cPanel's **File Manager** uploads them from the browser.`,
  },
  {
    category: 'cpanel-hosting',
    title: 'Create a MySQL database and user',
    slug: 'create-mysql-database',
    body: `In cPanel open **MySQL Database Wizard**: name the database, create a user with a strong password and grant it all privileges. Your application connects to \`localhost\` with that database name, user and password.`,
  },
  {
    category: 'cpanel-hosting',
    title: 'Change the PHP version of your site',
    slug: 'change-php-version',
    body: `Open **MultiPHP Manager** in cPanel, tick the domain and choose the PHP version. Check that your application supports it first; most current software needs PHP 8.1 or newer.`,
  },
  {
    category: 'cpanel-hosting',
    title: 'Restore a backup of your website',
    slug: 'restore-a-backup',
    body: `We keep daily backups for 14 days. In cPanel open **JetBackup → File Backups** or **Database Backups**, choose a date and restore. Restoring overwrites the current files, so download a copy first if unsure.`,
  },
  {
    category: 'cpanel-hosting',
    title: 'Website shows "500 Internal Server Error"',
    slug: 'internal-server-error',
    body: `A 500 error usually means a faulty .htaccess rule, wrong file permissions (folders 755, files 644) or a PHP error. Check cPanel's **Errors** page for the exact message, then rename .htaccess to test.`,
  },
  {
    category: 'billing',
    title: 'Which payment methods do you accept?',
    slug: 'payment-methods',
    body: `We accept credit and debit cards through Stripe, PayPal, bank transfer and account credit. Pay an invoice from **Billing → Invoices → Pay now**.`,
  },
  {
    category: 'billing',
    title: 'When will I be invoiced for a renewal?',
    slug: 'renewal-invoices',
    body: `Renewal invoices are issued 14 days before the service's next due date and sent by email. Unpaid services are suspended a few days after the due date and terminated later, so pay renewals on time.`,
  },
  {
    category: 'billing',
    title: 'Cancel a service',
    slug: 'cancel-a-service',
    body: `Open the service and choose **Request cancellation**. Pick "at the end of the billing period" to keep it until the paid period ends, or "immediately". Cancellation stops renewal invoices; data is deleted after termination.`,
  },
  {
    category: 'billing',
    title: 'Add funds to your account credit',
    slug: 'add-funds',
    body: `Prepay with **Billing → Add funds**. The credit is applied automatically to new invoices in the same currency, so renewals are paid without a card.`,
  },
  {
    category: 'billing',
    title: 'Request a refund',
    slug: 'request-a-refund',
    body: `New hosting plans come with a 30-day money-back guarantee. Open a ticket with the Billing department naming the invoice. Domain registrations cannot be refunded.`,
  },
]

export const DEMO_ANNOUNCEMENTS = [
  {
    title: 'Scheduled maintenance on the shared hosting servers',
    slug: 'scheduled-maintenance-shared-hosting',
    body: `We will upgrade the operating system of the shared hosting servers on **Sunday between 02:00 and 04:00 UTC**.

Websites may be unreachable for up to ten minutes during the reboot. Email is queued and delivered afterwards, so no mail is lost.`,
    daysAgo: 2,
  },
  {
    title: 'PHP 8.3 is now available on every plan',
    slug: 'php-8-3-available',
    body: `You can now switch your sites to PHP 8.3 in cPanel's **MultiPHP Manager**. PHP 7.4 stays available until the end of the year; see the knowledgebase article *Change the PHP version of your site*.`,
    daysAgo: 20,
  },
]
