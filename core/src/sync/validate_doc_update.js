function (newDoc, oldDoc, userCtx, secObj) {
  // Postil's access rules for a team's CouchDB database: the `validate_doc_update` of
  // `_design/postil`. CouchDB runs it on every write, replicated ones included, and refuses the
  // write when it throws; `forbidden` and `unauthorized` reach the person as the sentence given.
  //
  // The whole file is one function expression (CouchDB and PouchDB evaluate the source as an
  // expression, so nothing may stand outside the function, not even a comment) in plain ES5:
  // CouchDB runs it in SpiderMonkey or QuickJS with no modules and no newer syntax.
  //
  // What Postil writes (one database per team corpus):
  //   schema                          the label schema; only reviewers change it
  //   document:<enc doc>              a text; any member adds one, its text never changes
  //   layer:<enc doc>:<enc name>      one person's annotations of one document, written only
  //                                   by the CouchDB user of that name; `gold` only by reviewers
  // where enc() writes every UTF-8 byte outside [A-Za-z0-9._~-] as %XX in upper-case hex, as the
  // Rust side does. A deletion carries no body, so who may delete is read from the id.
  // Server admins and the database's admins (its _security) may do anything.

  var REVIEWER = 'postil-reviewer';
  var VERSION = 1;

  function contains(list, item) {
    if (!list) {
      return false;
    }
    for (var i = 0; i < list.length; i++) {
      if (list[i] === item) {
        return true;
      }
    }
    return false;
  }

  function anyOf(list, items) {
    if (!items) {
      return false;
    }
    for (var i = 0; i < items.length; i++) {
      if (contains(list, items[i])) {
        return true;
      }
    }
    return false;
  }

  function refuse(sentence) {
    throw ({ forbidden: sentence });
  }

  // One id part as Postil writes it. encodeURIComponent already writes each UTF-8 byte of a
  // character (astral ones from their surrogate pair) as %XX in upper case; it leaves
  // ! ' ( ) * as they are, which Postil encodes too. A lone surrogate, which no Rust string
  // holds, makes it throw: such a name has no id, and null says so.
  function enc(text) {
    var out;
    try {
      out = encodeURIComponent(text);
    } catch (e) {
      return null;
    }
    return out.replace(/[!'()*]/g, function (c) {
      return '%' + c.charCodeAt(0).toString(16).toUpperCase();
    });
  }

  // The text an id part stands for, or null when the part is not exactly what enc() writes
  // for it (lower-case hex, a raw character that should be encoded, a broken sequence).
  function dec(part) {
    var text;
    try {
      text = decodeURIComponent(part);
    } catch (e) {
      return null;
    }
    return enc(text) === part ? text : null;
  }

  function quoted(text) {
    return '"' + text + '"';
  }

  var name = userCtx && userCtx.name;
  var roles = (userCtx && userCtx.roles) || [];
  var admins = (secObj && secObj.admins) || {};
  var members = (secObj && secObj.members) || {};

  if (contains(roles, '_admin') || contains(admins.names, name) || anyOf(roles, admins.roles)) {
    return;
  }
  if (!name) {
    throw ({ unauthorized: 'Sign in to change anything in this team\'s database.' });
  }
  // CouchDB itself turns away non-members before this runs; this only keeps the rules whole
  // when the database's _security names no members (then it is open to every signed-in user).
  var membersListed = (members.names && members.names.length) || (members.roles && members.roles.length);
  if (membersListed && !contains(members.names, name) && !anyOf(roles, members.roles)) {
    refuse('You (' + name + ') are not a member of this team\'s database; ask whoever set it up to add you.');
  }

  var id = newDoc._id;
  var deleted = newDoc._deleted === true;
  var reviewer = contains(roles, REVIEWER);
  var parts = id.split(':');
  var kind = id === 'schema' ? 'schema' : parts.length > 1 ? parts[0] : '';

  if ((kind !== 'schema' && kind !== 'document' && kind !== 'layer') ||
      (kind === 'document' && parts.length !== 2) || (kind === 'layer' && parts.length !== 3)) {
    refuse('Postil keeps only its label schema, documents and layers in this database; ' +
      quoted(id) + ' is none of these.');
  }

  if (!deleted) {
    if (newDoc.type !== kind) {
      refuse('The document ' + quoted(id) + ' must have type ' + quoted(kind) + '.');
    }
    if (newDoc.postil !== VERSION) {
      if (typeof newDoc.postil === 'number' && newDoc.postil > VERSION) {
        refuse('This change was made by a newer Postil (format ' + newDoc.postil +
          '); update Postil to share it with this team.');
      }
      refuse('The document ' + quoted(id) + ' is not in Postil\'s format ' + VERSION + '.');
    }
  }

  if (kind === 'schema') {
    if (!reviewer) {
      refuse('Only reviewers may change the label schema; you are signed in as ' + name + '.');
    }
    if (!deleted && (typeof newDoc.schema !== 'object' || newDoc.schema === null)) {
      refuse('The label schema is missing from the document ' + quoted(id) + '.');
    }
    return;
  }

  // An id part, decoded; it must be what Postil writes, and name what the body says.
  function idPart(index, what) {
    var text = dec(parts[index]);
    if (text === null) {
      refuse('The id ' + quoted(id) + ' is not one Postil writes: its ' + what +
        ' part is not encoded as Postil encodes it.');
    }
    if (!deleted && newDoc[what] !== text) {
      refuse('The id ' + quoted(id) + ' does not match the ' + what + ' it names (' +
        quoted(String(newDoc[what])) + ').');
    }
    return text;
  }

  var documentId = idPart(1, 'document');

  if (kind === 'document') {
    if (deleted) {
      if (!reviewer) {
        refuse('Only reviewers may remove a document from the team; you are signed in as ' + name + '.');
      }
      return;
    }
    if (typeof newDoc.text !== 'string' || typeof newDoc.title !== 'string') {
      refuse('The document ' + quoted(documentId) + ' needs a title and a text.');
    }
    if (oldDoc && !oldDoc._deleted && oldDoc.text !== newDoc.text) {
      refuse('The text of ' + quoted(documentId) + ' cannot change once it is shared: ' +
        'everyone\'s annotations point into it. Import the new text as a new document.');
    }
    return;
  }

  // A layer.
  var layer = idPart(2, 'layer');
  if (layer === 'gold') {
    if (!reviewer) {
      refuse('Only reviewers may change the gold layer; you are signed in as ' + name + '.');
    }
    return;
  }
  if (layer !== name) {
    refuse('Only ' + layer + ' may change ' + layer + '\'s layer; you are signed in as ' + name + '.');
  }
}
