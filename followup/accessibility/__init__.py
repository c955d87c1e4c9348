"""The accessibility statement (tillgänglighetsredogörelse) that the law on accessibility of
digital public services (lagen om tillgänglighet till digital offentlig service, DOS) asks
of every public body's site, in the form of Digg's model statement."""
