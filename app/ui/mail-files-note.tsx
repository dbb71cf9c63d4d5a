/** Said on pages that send mail when the site has no mail server and writes messages to files. */
export function MailFilesNote({ show }: { show: boolean }) {
  if (!show) return null;
  return (
    <p className="hint" role="note">
      This site has no mail server set up: its messages are written as files
      (.eml) in the <code>mail</code> folder beside its database, on the server,
      for whoever runs it to open.
    </p>
  );
}
