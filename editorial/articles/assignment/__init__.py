"""An article's duties: its editor and fact-checker, chosen in the Assignment panel or taken by
someone whose role fits ("Take it", also from the board and the fact-check queue). Each change is
a conditional update on the holder the page showed, so two people assigning at once get one
winner (`service`)."""
