"""Every text a person reads: the message catalogue (command line and validation) and the site's
interface strings, in Dutch and English."""
